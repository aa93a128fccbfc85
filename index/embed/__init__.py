"""Text → vectors with the bundled all-MiniLM-L6-v2: the Encoder and its backends (torch,
bf16, ONNX, int8), the one this machine runs fastest chosen by measuring it once.

    Encoder(DEFAULT_MODEL).encode(texts)   # unit vectors, float32

Imports index.errors only.
"""

from index.embed.encoder import Encoder
from index.embed.model import DEFAULT_MODEL, ENCODERS

__all__ = ["DEFAULT_MODEL", "ENCODERS", "Encoder"]
