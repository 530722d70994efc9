"""The cross-article stages: copies and stories, canonical entities, inferred publication days."""
