"""The per-article stages: features (copies and stories need them) and the spaCy reading."""
