"""Speech: quotes, reported speech and attitudes with the people they are ascribed to."""
