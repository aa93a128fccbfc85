"""Shared fixtures: the real bundled model, real FAISS and SQLite, files under tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.embed.encoder import Encoder
from index.engine import Engine
from index.settings import DEFAULT_MODEL, Settings

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "documents"
CORPUS = ROOT.parent / "shared" / "corpus" / "ofsted-ilacs"
CABINET_REPORT = "2021-09-23 Cabinet member report - Ofsted monitoring visit July 2021.txt"
NEWS_RELEASE = "2021-09-09 News release - Ofsted finds tangible progress in Northamptonshire children's services.txt"


@pytest.fixture(scope="session")
def encoder() -> Encoder:
    """The real bundled all-MiniLM-L6-v2, loaded once for the session."""
    return Encoder(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def seed_engine(tmp_path_factory, encoder) -> Engine:
    """An engine over a copy of documents/ (the two bundled letters)."""
    folder = tmp_path_factory.mktemp("seed")
    documents = folder / "documents"
    shutil.copytree(DOCUMENTS, documents)
    settings = Settings.load(env={}, documents_dir=documents, index_dir=folder / "index")
    return Engine.open(settings, encoder, build_if_missing=True)


@pytest.fixture
def make_settings(tmp_path):
    def make(documents: Path | None = None) -> Settings:
        documents = documents or tmp_path / "documents"
        documents.mkdir(parents=True, exist_ok=True)
        return Settings.load(env={}, documents_dir=documents, index_dir=tmp_path / "index")

    return make


def run_cli(
    *args: str,
    env: dict | None = None,
    input: str | None = None,
    timeout: float = 240,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess:
    """Run `inspection-bot ARGS` as a user would, in its own process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "inspection_bot", *args],
        capture_output=True,
        text=True,
        env=full_env,
        input=input,
        timeout=timeout,
        cwd=cwd or ROOT,
    )
