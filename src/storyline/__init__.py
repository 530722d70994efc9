"""Storyline: a self-hosted news-intelligence engine.

The pipeline's stages each read and write one store: `ingest` (readers to clean
articles), then analysis, corpus and report stages that later issues add.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
