"""The corpus stage: what can only be known by looking across articles (copies, stories)."""
