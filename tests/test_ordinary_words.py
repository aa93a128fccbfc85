"""The generated word lists match the tables they are made from (scripts/ordinary_words.py).

A question form or a council name added without regenerating them lets typo correction
rewrite real words ("minorities" → priorities, "commended" → recommended).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DICTIONARY = Path("/usr/share/dict/british-english")


@pytest.mark.skipif(
    not DICTIONARY.exists(), reason="needs the wbritish word list (apt-get install wbritish)"
)
def test_ordinary_words_are_regenerated_after_the_tables_change():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import ordinary_words
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    text, _ = ordinary_words.build()
    built, held = {}, {}
    exec(text, built)  # the lists compared, not their layout (the file is ruff-formatted)
    exec((ROOT / "index" / "text" / "ordinary_words.py").read_text(encoding="utf-8"), held)
    for name in ("ORDINARY_WORDS", "SLIP_WORDS", "REAL_WORDS", "DICTIONARY_WORDS"):
        assert built[name] == held[name], (
            f"index/text/ordinary_words.py's {name} is stale: run "
            "PYTHONPATH=$PWD .venv/bin/python scripts/ordinary_words.py"
        )
