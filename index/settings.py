"""Settings: declared once as data, read from flags and the environment once, passed in.

No other module reads ``os.environ``. Every setting here is listed in the README's
settings table and in ``.env.example`` (a test checks both).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from index.embed.model import DEFAULT_MODEL, ENCODERS, default_cache_dir
from index.errors import InspectionBotError
from index.question.gazetteer import resolve_council


def _repo_documents_dir() -> Path:
    """The checkout's documents/ folder, found beside this package, else ./documents."""
    beside = Path(__file__).resolve().parent.parent / "documents"
    return beside if beside.is_dir() else Path.cwd() / "documents"


def _default_index_dir(env: Mapping[str, str]) -> Path:
    # Built indexes are data, not source: they live in the user's data folder.
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "inspection-bot" / "index"


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    help: str


SETTINGS = (
    Setting(
        "documents_dir",
        "INSPECTION_BOT_DOCUMENTS_DIR",
        "Folder of documents indexed by default (default: the checkout's documents/).",
    ),
    Setting(
        "index_dir",
        "INSPECTION_BOT_INDEX_DIR",
        "Folder holding the built index (default: ~/.local/share/inspection-bot/index).",
    ),
    Setting(
        "model",
        "INSPECTION_BOT_MODEL",
        "Embedding model: a local folder or a sentence-transformers name "
        f"(default: {DEFAULT_MODEL}, bundled with the install).",
    ),
    Setting(
        "encoder",
        "INSPECTION_BOT_ENCODER",
        f"How the model runs: {', '.join(ENCODERS)} (default: auto, the fastest of torch, torch-bf16 "
        "and onnx measured on this machine whose vectors agree with float32; remembered in the cache folder).",
    ),
    Setting(
        "cache_dir",
        "INSPECTION_BOT_CACHE_DIR",
        "Folder for files derived from the model, such as its ONNX export "
        "(default: ~/.cache/inspection-bot).",
    ),
    Setting(
        "council",
        "INSPECTION_BOT_COUNCIL",
        "The council (or trust) a deployment serves: `timeline` without a name shows it "
        "(default: none; with documents about several councils, name one).",
    ),
)


@dataclass(frozen=True)
class Settings:
    documents_dir: Path
    index_dir: Path
    model: str = DEFAULT_MODEL
    encoder: str = "auto"
    cache_dir: Path = Path("~/.cache/inspection-bot")
    council: str | None = None

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Defaults, then the environment, then explicit overrides (flags) that are not None."""
        env = os.environ if env is None else env
        values: dict[str, object] = {
            "documents_dir": _repo_documents_dir(),
            "index_dir": _default_index_dir(env),
            "model": DEFAULT_MODEL,
            "encoder": "auto",
            "cache_dir": default_cache_dir(env),
        }
        for setting in SETTINGS:
            if env.get(setting.env):
                values[setting.name] = env[setting.env]
        values.update({k: v for k, v in overrides.items() if v is not None})
        for key in ("documents_dir", "index_dir", "cache_dir"):
            values[key] = Path(values[key]).expanduser()  # type: ignore[arg-type]
        if values["encoder"] not in ENCODERS:
            raise InspectionBotError(
                f"The encoder setting (INSPECTION_BOT_ENCODER) is {values['encoder']!r}; "
                f"use one of {', '.join(ENCODERS)}."
            )
        if values.get("council"):
            values["council"] = council_named(
                str(values["council"]), "INSPECTION_BOT_COUNCIL (--council)"
            )
        return cls(**values)  # type: ignore[arg-type]


def council_named(name: str, setting: str) -> str:
    """The canonical name of the council a setting names; an error that says what to write otherwise."""
    resolved = resolve_council(name)
    if resolved.one is not None:
        return resolved.one
    if resolved.options or len(resolved.councils) > 1:
        listed = " or ".join(resolved.options or resolved.councils)
        raise InspectionBotError(f"{setting} is {name!r}, which could be {listed}; name one.")
    raise InspectionBotError(
        f"{setting} is {name!r}, which is not a council or trust I know; "
        "write its name as Ofsted does, e.g. Bolton or Bournemouth, Christchurch and Poole."
    )


assert {f.name for f in fields(Settings)} == {s.name for s in SETTINGS}
