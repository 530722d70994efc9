"""Imported by the worker pool's forkserver before it forks: the spaCy model is loaded
there once, so every worker starts with it (shared copy-on-write pages) instead of
spending a second and 100 MB loading its own."""

from storyline.analyze import nlp

nlp.load()
