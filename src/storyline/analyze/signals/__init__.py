"""Signals for copies and stories: features, the machine-paraphrase flag, embeddings."""
