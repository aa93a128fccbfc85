"""Passage vectors pooled from sentence vectors: each token goes through the model once (issue 16)."""

from __future__ import annotations

import numpy as np

from index.build import pooling
from index.build.update import update_index
from index.store.records import Passage
from index.text.sentences import quotable

PROSE = (
    "Leaders have a clear understanding of the quality of social work practice. "
    "Children in care live in stable homes close to their families and schools. "
    "Care leavers are well supported by personal advisers who know them well."
)
TABLE = (
    "Judgement Grade\nOverall effectiveness Good\nHelp and protection Good\nChildren in care Good"
)
BARE = "Findings\n\nAnnex A\n\n2023"  # nothing an answer may quote


def passage(ordinal: int, text: str, section: str | None = "Findings") -> Passage:
    return Passage(0, len(text), text, "page 1", section, 1)


def quotes(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(quotable(text, 0, lambda _: False))


def test_a_passage_with_little_to_quote_is_not_pooled():
    assert quotes(BARE) == ()
    half = PROSE + " " + "x " * len(PROSE)  # its sentences hold under 60% of its characters
    plan = pooling.plan((passage(0, half),), ((quotes(PROSE)[0],),), "Inspection of Leeds")
    assert [kind for kind, *_ in plan.recipe] == ["whole"]


def test_a_passage_of_quotable_sentences_is_pooled_and_one_with_none_is_encoded_whole():
    passages = (passage(0, PROSE), passage(1, BARE), passage(2, PROSE))
    plan = pooling.plan(passages, tuple(quotes(p.text) for p in passages), "Inspection of Leeds")
    assert [kind for kind, *_ in plan.recipe] == ["pooled", "whole", "pooled"]
    # The bare passage once, then the one context both pooled passages share.
    assert plan.texts == (
        f"Inspection of Leeds — Findings\n{BARE}",
        "Inspection of Leeds — Findings",
    )


def test_a_pooled_vector_is_the_length_weighted_mean_with_its_context_at_unit_length():
    passages = (passage(0, PROSE), passage(1, BARE))
    found = tuple(quotes(p.text) for p in passages)
    plan = pooling.plan(passages, found, "Inspection of Leeds")
    rng = np.random.default_rng(0)
    sentence_vectors = rng.normal(size=(len(found[0]), 8)).astype(np.float32)
    encoded = rng.normal(size=(len(plan.texts), 8)).astype(np.float32)
    vectors = pooling.assemble(plan, sentence_vectors, encoded)
    lengths = np.array([len(q) for _, _, q in found[0]], dtype=np.float32)
    expected = lengths @ sentence_vectors + len("Inspection of Leeds — Findings") * encoded[1]
    assert np.allclose(vectors[0], expected / np.linalg.norm(expected), atol=1e-6)
    assert np.array_equal(vectors[1], encoded[0])  # encoded whole: the model's own vector


def test_indexing_encodes_each_sentence_once_and_few_passages_whole(tmp_path, encoder, monkeypatch):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "report.md").write_text(
        "# Inspection of Leeds\n\n" + "\n\n".join([PROSE] * 6) + f"\n\n{TABLE}\n"
    )
    seen: list[str] = []
    inner = type(encoder).encode

    def counting(self, texts, progress=None, **options):
        seen.extend(texts)
        return inner(self, texts, progress, **options)

    monkeypatch.setattr(type(encoder), "encode", counting)
    before = encoder.texts_encoded
    report = update_index(tmp_path / "index", [folder], encoder)
    distinct_sentences = len({t for t in seen if t in PROSE or t in TABLE})
    assert report.sentences_added >= 18 and distinct_sentences >= 3
    # What the model ran: each distinct sentence once, then the one context the prose passages
    # share and any passage that is not mostly sentences; never a prose passage whole.
    assert not any(PROSE in text for text in seen)
    assert encoder.texts_encoded - before <= distinct_sentences + 2
