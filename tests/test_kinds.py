"""Question kinds from their nearest labelled examples: the real bundled model, vectors kept on disk."""

from __future__ import annotations

import datetime as dt
import json

from index.answer.kinds import Kinds
from index.question import parse


def reading(text: str) -> str:
    return parse(text, dt.date(2026, 1, 1)).reading


FACTS = (
    "when was leeds last inspected",
    "when was kent last inspected",
    "when did ofsted last inspect bury",
)
SAYS = (
    "what did ofsted say about early help in kent",
    "what did inspectors say about the front door in leeds",
    "what does the report say about early help services in york",
)


def test_a_question_takes_the_route_its_nearest_examples_share(encoder, tmp_path):
    examples = tmp_path / "kinds.json"
    examples.write_text(
        json.dumps(
            [
                {"question": q, "route": "fact"}
                for q in (
                    "when was leeds last inspected",
                    "who led the kent inspection",
                    "what grade did bury get",
                )
            ]
            + [
                {"question": q, "route": "passages"}
                for q in (
                    "what did ofsted say about the lado in kent",
                    "how is early help in leeds",
                    "what do inspectors say about care leavers housing in york",
                )
            ]
        )
    )
    kinds = Kinds(encoder, tmp_path / "cache", examples)
    assert kinds.route(reading("when was bolton last inspected")).name == "fact"
    assert (
        kinds.route(reading("what did inspectors say about early help in bolton")).name
        == "passages"
    )


def test_the_examples_vectors_are_encoded_once_and_read_back(encoder, tmp_path):
    examples = tmp_path / "kinds.json"
    examples.write_text(
        json.dumps([{"question": "when was leeds last inspected", "route": "fact"}])
    )
    Kinds(encoder, tmp_path / "cache", examples).vectors()
    (kept,) = (tmp_path / "cache").glob("kinds-*.npy")
    before = encoder.texts_encoded
    again = Kinds(encoder, tmp_path / "cache", examples)
    assert again.vectors().shape == (1, encoder.dimension)
    assert encoder.texts_encoded == before  # read from the cache, not encoded again
    kept.write_bytes(b"damaged")
    assert Kinds(encoder, tmp_path / "cache", examples).vectors().shape == (1, encoder.dimension)


def test_the_shipped_examples_are_learnt_from_dev_splits_only():
    from index.answer.kinds import EXAMPLES

    shipped = {e["question"] for e in json.loads(EXAMPLES.read_text())}
    from conftest import ROOT

    national = json.loads((ROOT / "eval" / "national_questions.json").read_text())["questions"]
    test_split = {
        " ".join(q["question"].lower().split()) for q in national if q.get("split") == "test"
    }
    assert shipped and not shipped & test_split
