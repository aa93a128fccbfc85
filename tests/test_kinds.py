"""Question kinds from their nearest labelled examples: the real bundled model, vectors kept on disk."""

from __future__ import annotations

import datetime as dt
import json

from conftest import ROOT

from index.answer.kinds import EXAMPLES, Kinds
from index.question import parse

FACTS = (
    "when was leeds last inspected",
    "when was kent last inspected",
    "who led the bury inspection",
)
SAYS = (
    "what did ofsted say about early help in kent",
    "what did inspectors say about the front door in leeds",
    "what does the report say about early help services in york",
)


def reading(text: str) -> str:
    return parse(text, dt.date(2026, 1, 1)).reading


def labelled(tmp_path, facts=FACTS, says=SAYS):
    examples = tmp_path / "kinds.json"
    rows = [{"question": q, "route": "fact"} for q in facts]
    rows += [{"question": q, "route": "passages"} for q in says]
    examples.write_text(json.dumps(rows))
    return examples


def test_a_question_takes_the_route_its_nearest_examples_share(encoder, tmp_path):
    kinds = Kinds(encoder, tmp_path / "cache", labelled(tmp_path))
    assert kinds.route(reading("when was bolton last inspected")).name == "fact"
    # the council named is masked: bolton's question reads as kent's example does
    route = kinds.route(reading("what did ofsted say about early help in bolton"))
    assert route.name == "passages" and 0.5 < route.share <= 1


def test_the_examples_vectors_are_encoded_once_and_read_back(encoder, tmp_path):
    examples = labelled(tmp_path)
    assert Kinds(encoder, tmp_path / "cache", examples).vectors().shape == (6, encoder.dimension)
    (kept,) = (tmp_path / "cache").glob("kinds-*.npy")
    before = encoder.texts_encoded
    assert Kinds(encoder, tmp_path / "cache", examples).vectors().shape == (6, encoder.dimension)
    assert encoder.texts_encoded == before  # read from the cache, not encoded again
    kept.write_bytes(b"damaged")  # a damaged cache file is encoded again, not an error
    assert Kinds(encoder, tmp_path / "cache", examples).vectors().shape == (6, encoder.dimension)


def test_the_shipped_examples_are_learnt_from_dev_splits_only():
    shipped = {e["question"] for e in json.loads(EXAMPLES.read_text())}
    national = json.loads((ROOT / "eval" / "national_questions.json").read_text())["questions"]
    test_split = {
        " ".join(q["question"].lower().split()) for q in national if q.get("split") == "test"
    }
    assert shipped and not shipped & test_split
