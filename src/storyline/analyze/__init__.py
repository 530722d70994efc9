"""The analysis stage: what can be known from one article alone."""
