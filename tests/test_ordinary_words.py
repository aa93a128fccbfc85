"""The generated word lists match the tables they are made from (scripts/ordinary_words.py).

A question form or a council name added without regenerating them lets typo correction
rewrite real words ("minorities" → priorities, "commended" → recommended). The check needs
Debian's wbritish word list, which `make test` installs; where it is missing the test fails
saying so rather than skip, so that CI can never pass without making the check.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
try:
    import ordinary_words
finally:
    sys.path.remove(str(ROOT / "scripts"))


@pytest.fixture(scope="module")
def regenerated() -> str:
    return ordinary_words.build()[0]


def test_ordinary_words_are_regenerated_after_the_tables_change(regenerated):
    committed = ordinary_words.OUT.read_text(encoding="utf-8")
    diff = ordinary_words.difference(committed, regenerated)
    assert not diff, f"index/text/ordinary_words.py is stale: run make words\n{diff}"


def test_a_stale_table_is_caught_with_the_word_it_lacks(regenerated):
    stale = regenerated.replace('        "dealing",\n', "", 1)
    assert stale != regenerated
    assert '+        "dealing",' in ordinary_words.difference(stale, regenerated)


def test_a_missing_word_list_fails_the_check_and_says_how_to_get_it(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(ordinary_words, "DICTIONARY", tmp_path / "british-english")
    before = ordinary_words.OUT.read_bytes()
    assert ordinary_words.main(["--check"]) == 2
    assert ordinary_words.main([]) == 2
    assert "make words" in capsys.readouterr().err
    assert ordinary_words.OUT.read_bytes() == before  # nothing written
