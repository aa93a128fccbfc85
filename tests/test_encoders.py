"""The ways to run the model: same weights, near-identical rankings, nothing downloaded."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, run_cli

from index.embed import calibrate
from index.embed.backends import padded
from index.embed.encoder import BATCH_TOKENS, Encoder, batches, resolve_variant
from index.errors import InspectionBotError, ModelUnavailable
from index.settings import DEFAULT_MODEL, ENCODERS, Settings

PASSAGES = [
    "Ofsted carried out a monitoring visit to the council's children's services in July 2021, the fourth since "
    "the inspection that judged services inadequate.",
    "The next full inspection of children's services is expected in the summer of 2022.",
    "Care leavers told inspectors that their personal advisers keep in touch and help them find housing.",
    "Social workers' caseloads have fallen, and most workers say they have time to get to know the children.",
    "The multi-agency safeguarding hub responds to contacts quickly, and thresholds are applied consistently.",
    "Children in care live in stable placements, and most are placed close to their families and schools.",
    "The council's budget for highways maintenance rose by four per cent this year.",
    "Leaders have reduced the use of agency staff by recruiting newly qualified social workers.",
    "Children who go missing from home are offered a return home interview within three days.",
    "Private fostering arrangements are not always identified, and awareness raising has been limited.",
    "The library opening hours will change from next Monday.",
    "Disabled children receive timely assessments of their needs, and short breaks are available.",
]
QUESTIONS = [
    "When is the next Ofsted inspection expected?",
    "What do care leavers say about their personal advisers?",
    "Are social workers' caseloads manageable?",
    "What happens when children go missing from home?",
    "How stable are placements for children in care?",
]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    """One cache folder for the module: the ONNX export is made once, like a user's cache."""
    return tmp_path_factory.mktemp("cache")


def top3(encoder: Encoder) -> list[list[int]]:
    passages = encoder.encode(PASSAGES)
    questions = encoder.encode(QUESTIONS)
    return [list(np.argsort(-row)[:3]) for row in questions @ passages.T]


@pytest.fixture(scope="module")
def reference() -> list[list[int]]:
    return top3(Encoder(DEFAULT_MODEL, variant="torch"))


@pytest.mark.parametrize("variant", ["torch-bf16", "onnx"])
def test_float_encoders_rank_exactly_like_float32_torch(variant, reference, cache_dir):
    encoder = Encoder(DEFAULT_MODEL, variant=variant, cache_dir=cache_dir)
    assert top3(encoder) == reference
    vectors = encoder.encode(PASSAGES[:3])
    assert vectors.dtype == np.float32 and vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_int8_keeps_the_best_passage_and_most_of_the_top_three(reference, cache_dir):
    """Quantised weights move vectors (cosine ~0.99 to float32), so only near-identical rankings."""
    encoder = Encoder(DEFAULT_MODEL, variant="onnx-int8", cache_dir=cache_dir)
    for got, want in zip(top3(encoder), reference):
        assert got[0] == want[0]
        assert len(set(got) & set(want)) >= 2
    vectors = encoder.encode(PASSAGES[:3])
    assert vectors.dtype == np.float32 and vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    exact = Encoder(DEFAULT_MODEL, variant="torch").encode(PASSAGES)
    cosines = (exact * encoder.encode(PASSAGES)).sum(axis=1)
    assert cosines.min() > 0.98  # one scale per weight column: a single scale per matrix gave ~0.96


def test_float_encoders_give_the_same_vectors_to_within_rounding(cache_dir):
    exact = Encoder(DEFAULT_MODEL, variant="torch").encode(PASSAGES)
    for variant in ("torch-bf16", "onnx"):
        other = Encoder(DEFAULT_MODEL, variant=variant, cache_dir=cache_dir).encode(PASSAGES)
        assert (exact * other).sum(axis=1).min() > 0.999, variant


def test_onnx_export_is_made_offline_into_the_cache_folder_and_reused(cache_dir, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    encoder = Encoder(DEFAULT_MODEL, variant="onnx-int8", cache_dir=cache_dir)
    encoder.encode(["warm"])
    exported = sorted(p.name for p in (cache_dir / "onnx").rglob("*.onnx"))
    assert exported == ["model-int8-channel.onnx", "model.onnx"]
    assert not list(
        Path(encoder.load_path).rglob("*.onnx")
    )  # nothing written beside the installed model
    made = {p: p.stat().st_mtime_ns for p in (cache_dir / "onnx").rglob("*.onnx")}
    Encoder(DEFAULT_MODEL, variant="onnx-int8", cache_dir=cache_dir).encode(["again"])
    assert {p: p.stat().st_mtime_ns for p in (cache_dir / "onnx").rglob("*.onnx")} == made


@pytest.mark.parametrize("variant", ["torch", "onnx"])
def test_one_text_encodes_as_it_does_in_a_batch_of_mixed_lengths(variant, cache_dir):
    """Padding a batch to its longest text must not move the shorter texts' vectors."""
    encoder = Encoder(DEFAULT_MODEL, variant=variant, cache_dir=cache_dir, onnx_questions=False)
    together = encoder.encode(PASSAGES + [f"Short note {i}." for i in range(40)])
    alone = np.vstack([encoder.encode_query(text) for text in PASSAGES])
    assert np.allclose(together[: len(PASSAGES)], alone, atol=1e-5)


def test_texts_are_batched_by_their_token_counts(cache_dir):
    """A row of figures is short in characters but long in tokens: it gets a batch of its own
    rather than making 64 short sentences pad to its length."""
    encoder = Encoder(DEFAULT_MODEL, variant="onnx", cache_dir=cache_dir, onnx_questions=False)
    backend = encoder._load()
    figures = " ".join(str(n) for n in range(1000, 1016))
    sentences = [f"Children in care number {i} have stable homes and schools." for i in range(64)]
    assert len(figures) < 1.5 * min(map(len, sentences))  # by characters they would share a batch
    widths: list[list[int]] = []
    run = backend.encode_ids
    backend.encode_ids = lambda ids, small=False: (
        widths.append([len(row) for row in ids]),
        run(ids, small=small),
    )[1]
    vectors = encoder.encode([*sentences, figures])
    assert widths == [
        [len(backend.token_ids([figures])[0])],
        [len(row) for row in backend.token_ids(sentences)],
    ]
    assert np.allclose(vectors[-1], encoder.encode_query(figures), atol=1e-5)


def test_torch_batches_pad_to_a_multiple_of_eight_or_sixteen_tokens_and_onnx_batches_to_their_longest_row():
    assert padded([[5] * 20, [5] * 3], 0)[0].shape == (2, 24)
    assert padded([[5] * 64], 0)[0].shape == (1, 64)
    assert padded([[5] * 70], 0)[0].shape == (1, 80)
    tokens, mask = padded([[7] * 9, [7] * 2], 0)
    assert mask.sum(axis=1).tolist() == [9, 2] and tokens[1, 2:].tolist() == [0] * 14
    tokens, mask = padded([[7] * 21, [7] * 3], 0, exact=True)
    assert (
        tokens.shape == (2, 21)
        and mask.sum(axis=1).tolist() == [21, 3]
        and tokens[1, 3:].tolist() == [0] * 18
    )


def test_onnx_runs_each_batch_at_its_longest_rows_width(cache_dir):
    encoder = Encoder(DEFAULT_MODEL, variant="onnx", cache_dir=cache_dir, onnx_questions=False)
    backend = encoder._load()
    widths: list[int] = []
    run = backend.session.run

    def recording(names, feeds):
        widths.append(feeds["input_ids"].shape[1])
        return run(names, feeds)

    backend.session = type("Session", (), {"run": staticmethod(recording)})()
    texts = PASSAGES[:9]
    encoder.encode(texts)
    lengths = [len(row) for row in backend.token_ids(texts)]
    groups = batches(lengths, encoder.batch_size, budget=BATCH_TOKENS)
    assert len(groups) == 2 and widths == [max(lengths[i] for i in rows) for rows in groups]
    assert any(width % 8 for width in widths)  # not rounded up, as torch's batches are


def test_batches_group_texts_of_like_length_longest_first():
    lengths = [10, 400, 12, 390, 11, 100, 95]
    groups = batches(lengths, size=2)
    assert sorted(row for group in groups for row in group) == list(range(len(lengths)))
    assert groups[0] == [1, 3]  # the two longest together
    assert [5, 6] in groups and all(len(g) <= 2 for g in groups)
    assert batches([100] * 5, size=32) == [[0, 1, 2, 3, 4]]
    # With a budget of tokens, short texts go in bigger batches and long ones keep the size.
    short = batches([30] * 300, size=32, budget=32 * 160)
    assert [len(g) for g in short] == [128, 128, 44]
    assert [len(g) for g in batches([200] * 70, size=32, budget=32 * 160)] == [32, 32, 6]
    # Only 32, 64 or 128 rows (besides a last, short batch): every new shape costs memory.
    assert [len(g) for g in batches([70] * 150, size=32, budget=32 * 160)] == [64, 64, 22]


def test_a_question_waits_for_one_batch_of_a_long_encode_not_all_of_it():
    """An upload being indexed encodes thousands of texts; a question asked meanwhile goes next."""
    encoder = Encoder(DEFAULT_MODEL, variant="torch")
    texts = [f"Passage {i} about children's services in care and their plans." for i in range(600)]
    question: list[np.ndarray] = []
    answered = threading.Event()
    asker = threading.Thread(
        target=lambda: (
            question.append(encoder.encode_query("When is the next visit?")),
            answered.set(),
        )
    )
    waited: list[bool] = []

    def progress(done: int) -> None:
        if not waited:  # the long call has done one batch of many: a question comes in
            asker.start()
            waited.append(answered.wait(timeout=30))

    encoder.encode(texts, progress=progress)
    asker.join(timeout=30)
    assert waited == [True], "the question waited for the whole long call"
    assert question[0].shape == (encoder.dimension,)


def test_encode_reports_progress_batch_by_batch_up_to_every_text():
    encoder = Encoder(DEFAULT_MODEL, variant="torch")
    reported: list[int] = []
    vectors = encoder.encode(
        [f"sentence number {i} about care leavers" for i in range(300)], progress=reported.append
    )
    assert vectors.shape == (300, encoder.dimension)
    assert reported == sorted(reported) and reported[-1] == 300 and len(reported) >= 2


def test_a_text_repeated_in_a_call_is_encoded_once_and_returned_in_every_place():
    encoder = Encoder(DEFAULT_MODEL, variant="torch")
    boilerplate = "You may reuse this information free of charge in any format or medium."
    texts = [
        boilerplate,
        "Children in care have stable homes.",
        boilerplate,
        "Care leavers have advisers.",
        boilerplate,
    ]
    reported: list[int] = []
    vectors = encoder.encode(texts, progress=reported.append)
    assert encoder.texts_encoded == 3
    assert np.allclose(vectors[0], vectors[2]) and np.allclose(vectors[0], vectors[4])
    assert np.allclose(vectors[1:4:2], encoder.encode(texts[1:4:2]), atol=1e-6)
    assert reported[-1] == len(texts)


@pytest.fixture(scope="module")
def measured(tmp_path_factory) -> Path:
    """A cache folder in which 'auto' has measured this machine once (no export yet)."""
    folder = tmp_path_factory.mktemp("measured")
    assert Encoder(DEFAULT_MODEL, cache_dir=folder).variant in calibrate.CANDIDATES
    return folder


def test_auto_measures_the_encoders_once_and_remembers_the_choice_for_this_machine(
    measured, tmp_path
):
    shutil.copytree(measured, tmp_path, dirs_exist_ok=True)
    encoder = Encoder(DEFAULT_MODEL, cache_dir=tmp_path)
    assert encoder.variant in calibrate.CANDIDATES
    measured = encoder.calibration
    assert set(measured.rates) == {
        "torch",
        "torch-bf16",
    }  # no export yet: ONNX Runtime waits for it
    assert measured.agreement["torch"] == 1.0 and measured.machine == calibrate.machine()
    assert measured.agreement[measured.variant] >= calibrate.AGREEMENT
    assert f"encoder {measured.variant}" in encoder.describe() and "texts/s" in encoder.describe()
    again = Encoder(DEFAULT_MODEL, cache_dir=tmp_path)
    assert (
        again.variant == encoder.variant and again.calibration == measured
    )  # read back, not measured again
    assert resolve_variant("auto", cache_dir=tmp_path) == encoder.variant
    vectors = encoder.encode(PASSAGES)
    assert (vectors * Encoder(DEFAULT_MODEL, variant="torch").encode(PASSAGES)).sum(
        axis=1
    ).min() > 0.999


def test_saying_which_encoder_runs_never_measures(tmp_path):
    encoder = Encoder(DEFAULT_MODEL, cache_dir=tmp_path)
    assert "not measured yet" in encoder.describe()
    assert encoder.calibration is None and not (tmp_path / "encoders").exists()


def test_a_choice_measured_on_an_older_calibration_batch_is_measured_again(measured, tmp_path):
    shutil.copytree(measured, tmp_path, dirs_exist_ok=True)
    [remembered] = (tmp_path / "encoders").glob("*.json")
    assert remembered.name.endswith(f"-batch{calibrate.BATCH_VERSION}.json")
    remembered.rename(
        remembered.with_name(remembered.name.replace(f"-batch{calibrate.BATCH_VERSION}", ""))
    )
    assert "not measured yet" in Encoder(DEFAULT_MODEL, cache_dir=tmp_path).describe()


def test_a_forced_encoder_is_used_without_measuring(tmp_path):
    encoder = Encoder(DEFAULT_MODEL, variant="onnx", cache_dir=tmp_path)
    assert encoder.variant == "onnx" and encoder.calibration is None
    assert "set by INSPECTION_BOT_ENCODER" in encoder.describe()
    assert not (tmp_path / "encoders").exists()


def test_once_the_export_exists_auto_measures_again_with_onnx_runtime_among_the_candidates(
    measured, tmp_path
):
    shutil.copytree(measured, tmp_path, dirs_exist_ok=True)
    encoder = Encoder(DEFAULT_MODEL, cache_dir=tmp_path)
    first = encoder.variant
    assert encoder.prepare_questions()
    remembered = Encoder(DEFAULT_MODEL, cache_dir=tmp_path)
    assert remembered.variant in calibrate.CANDIDATES
    assert set(remembered.calibration.rates) == {"torch", "torch-bf16", "onnx", "onnx-int8"}, (
        remembered.calibration
    )
    assert remembered.calibration.sentence_variant in (remembered.variant, "onnx-int8")
    assert encoder.variant == first  # a running encoder keeps the variant its index started with


def _fake(rate: float, vectors: np.ndarray, clock: list[float]):
    """An encoder that takes 1/rate seconds a text on a fake clock and returns fixed vectors."""

    def encode(texts):
        clock[0] += len(texts) / rate
        return vectors[: len(texts)]

    return encode


def test_measuring_keeps_the_fastest_variant_whose_vectors_agree_with_float32():
    rng = np.random.default_rng(0)
    exact = rng.normal(size=(16, 8))
    exact /= np.linalg.norm(exact, axis=1, keepdims=True)
    drifted = exact + 0.2 * rng.normal(size=exact.shape)
    drifted /= np.linalg.norm(drifted, axis=1, keepdims=True)
    clock = [0.0]
    fakes = {
        "torch": _fake(40, exact, clock),
        "torch-bf16": _fake(10, exact, clock),
        "onnx": _fake(60, exact, clock),
        "onnx-int8": _fake(200, drifted, clock),
    }
    found = calibrate.measure(
        lambda v: fakes[v],
        list(fakes),
        texts=[f"text {i}" for i in range(16)],
        clock=lambda: clock[0],
    )
    assert found.variant == "onnx"  # int8 is faster still, but its vectors are refused
    assert found.agreement["onnx-int8"] < calibrate.AGREEMENT
    assert found.rates["onnx"] == pytest.approx(60) and found.rates["torch"] == pytest.approx(40)
    assert (
        "torch-bf16" not in found.agreement
    )  # a quarter of float32's rate on the probe: not timed further
    for rate in (
        30,
        42,
    ):  # slower, or faster by less than the margin that noise makes: float32 stays
        fakes["onnx"] = _fake(rate, exact, clock)
        assert (
            calibrate.measure(
                lambda v: fakes[v],
                list(fakes),
                texts=[f"t{i}" for i in range(16)],
                clock=lambda: clock[0],
            ).variant
            == "torch"
        )


def test_quotable_sentences_take_int8_only_where_it_is_faster_by_the_margin_and_not_far_off():
    rng = np.random.default_rng(1)
    exact = rng.normal(size=(16, 64))
    exact /= np.linalg.norm(exact, axis=1, keepdims=True)

    def drifted(scale: float) -> np.ndarray:
        moved = exact + scale * rng.normal(size=exact.shape)
        return moved / np.linalg.norm(moved, axis=1, keepdims=True)

    def measure(int8_rate: float, int8_vectors: np.ndarray) -> calibrate.Calibration:
        clock = [0.0]
        fakes = {
            "torch": _fake(40, exact, clock),
            "onnx": _fake(60, exact, clock),
            "onnx-int8": _fake(int8_rate, int8_vectors, clock),
        }
        return calibrate.measure(
            lambda v: fakes[v],
            list(fakes),
            texts=[f"text {i}" for i in range(16)],
            clock=lambda: clock[0],
        )

    close = drifted(0.01)  # a cosine of about 0.99: int8's own distance
    found = measure(100, close)
    assert calibrate.SENTENCE_AGREEMENT <= found.agreement["onnx-int8"] < calibrate.AGREEMENT
    assert (found.variant, found.sentence_variant) == ("onnx", "onnx-int8")
    line = found.describe()
    assert line.startswith("encoder onnx, chosen by measuring") and "against torch 40/s" in line
    assert (
        "quotable sentences in onnx-int8 at 100 texts/s (cosine 0.9" in line
        and "refused" not in line
    )
    assert measure(64, close).sentence_variant == "onnx"  # faster, but by less than the margin
    assert "onnx-int8 64/s (cosine 0.9" in measure(64, close).describe()
    assert "not 10% faster" in measure(64, close).describe()
    far = measure(100, drifted(0.2))  # a broken quantisation (about 0.6): refused outright
    assert (
        far.agreement["onnx-int8"] < calibrate.SENTENCE_AGREEMENT and far.sentence_variant == "onnx"
    )
    assert "refused" in far.describe() and "quotable" not in far.describe()
    exact_int8 = measure(100, exact)  # even agreeing to the last bit, int8 never encodes everything
    assert (exact_int8.variant, exact_int8.sentence_variant) == ("onnx", "onnx-int8")


def test_a_remembered_choice_is_used_only_if_it_names_variants_it_measured(tmp_path):
    def saved(**changes) -> calibrate.Calibration | None:
        found = calibrate.Calibration(
            variant="onnx",
            rates={"torch": 40.0, "onnx": 60.0, "onnx-int8": 90.0},
            agreement={"torch": 1.0, "onnx": 1.0, "onnx-int8": 0.99},
            machine=calibrate.machine(),
            measured_at="2026-11-30T12:00:00",
            candidates=("torch", "onnx", "onnx-int8"),
            sentences="onnx-int8",
        )
        calibrate.remember(dataclasses.replace(found, **changes), tmp_path, "model")
        return calibrate.remembered(tmp_path, "model")

    assert saved().sentence_variant == "onnx-int8"
    assert saved(sentences="").sentence_variant == "onnx"
    assert (
        saved(sentences="tensorrt") is None
    )  # hand-edited or from another version: measured again
    assert saved(variant="torch-bf16") is None
    assert (
        saved(variant="onnx-int8", sentences="") is None
    )  # int8 never encodes everything under auto
    assert saved(sentences=["onnx-int8"]) is None  # a damaged file is measured again, not a crash
    assert saved(machine="another CPU") is None


def test_the_encoder_setting_is_read_and_checked():
    assert Settings.load(env={"INSPECTION_BOT_ENCODER": "onnx-int8"}).encoder == "onnx-int8"
    assert Settings.load(env={}).encoder == "auto"
    assert set(ENCODERS) == {"auto", "torch", "torch-bf16", "onnx", "onnx-int8"}
    with pytest.raises(InspectionBotError, match="INSPECTION_BOT_ENCODER.*use one of"):
        Settings.load(env={"INSPECTION_BOT_ENCODER": "tensorrt"})


def test_the_manifest_records_the_encoder_and_another_encoder_still_answers(tmp_path, cache_dir):
    from index.engine import Engine

    settings = _letter_settings(tmp_path, cache_dir, encoder="onnx-int8")
    built = Engine.open(settings, build_if_missing=True)
    assert built.snapshot.store.manifest["encoders"] == ["onnx-int8"]
    asked = Engine.open(dataclasses.replace(settings, encoder="onnx"))
    hits = asked.snapshot.retriever.search(
        "What do care leavers say about their personal advisers?", k=3
    )
    texts = asked.snapshot.store.passages([h.passage_id for h in hits])
    assert any("personal advisers" in texts[h.passage_id].text for h in hits)


def _cache_where_int8_measured_faster(tmp_path: Path, cache_dir: Path) -> Path:
    """A cache folder with the export, its int8 file and a remembered measurement (as a run on a
    CPU where int8 is faster would leave it): onnx for everything, onnx-int8 for quotable sentences."""
    from index.embed.backends import model_key

    Encoder(DEFAULT_MODEL, variant="onnx-int8", cache_dir=cache_dir).encode(["export and quantise"])
    cache = tmp_path / "cache"
    shutil.copytree(cache_dir / "onnx", cache / "onnx")
    rates = {"torch": 40.0, "torch-bf16": 4.0, "onnx": 60.0, "onnx-int8": 100.0}
    calibrate.remember(
        calibrate.Calibration(
            variant="onnx",
            rates=rates,
            agreement={"torch": 1.0, "onnx": 1.0, "onnx-int8": 0.99},
            machine=calibrate.machine(),
            measured_at="2026-11-30T12:00:00",
            candidates=tuple(rates),
            sentences="onnx-int8",
        ),
        cache,
        model_key(Encoder(DEFAULT_MODEL).load_path),
    )
    return cache


def _letter_folder(tmp_path: Path) -> Path:
    """A documents folder in ``tmp_path`` holding one letter made of PASSAGES."""
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.md").write_text(
        "# Focused visit to Norfolk\n\ndate 2023-03-01\n\n" + "\n\n".join(PASSAGES)
    )
    return documents


def _letter_settings(tmp_path: Path, cache: Path, **overrides) -> Settings:
    """Settings for an index of that letter, in ``tmp_path``."""
    return Settings.load(
        env={},
        documents_dir=_letter_folder(tmp_path),
        index_dir=tmp_path / "index",
        cache_dir=cache,
        **overrides,
    )


def test_where_int8_was_measured_faster_auto_indexes_quotable_sentences_with_it_and_says_so(
    tmp_path, cache_dir
):
    from index.engine import Engine

    cache = _cache_where_int8_measured_faster(tmp_path, cache_dir)
    engine = Engine.open(_letter_settings(tmp_path, cache), build_if_missing=True)
    assert engine.snapshot.store.manifest["encoders"] == ["onnx", "onnx-int8"]
    assert "quotable sentences in onnx-int8 at 100 texts/s" in engine.encoder.describe()
    store = engine.snapshot.store
    stored = np.array(
        [
            vector
            for found in store.sentences(list(store.passages(list(range(1, 100))))).values()
            for _, _, vector in found
        ]
    )
    assert len(stored) >= 10
    int8 = Encoder(DEFAULT_MODEL, variant="onnx-int8", cache_dir=cache).encode(PASSAGES)
    exact = Encoder(DEFAULT_MODEL, variant="onnx", cache_dir=cache).encode(PASSAGES)
    nearest_int8, nearest_exact = (stored @ int8.T).max(axis=1), (stored @ exact.T).max(axis=1)
    whole = (
        nearest_int8 > 0.999
    )  # the sentences that are one of PASSAGES (others are parts or headings)
    assert (
        whole.sum() >= 10 and (nearest_exact[whole] < 0.999).all()
    )  # int8's vectors, not float32's
    torch = Encoder(DEFAULT_MODEL, variant="torch")
    for texts in (
        QUESTIONS,
        PASSAGES,
    ):  # questions, and texts encoded whole at indexing, stay exact
        assert (engine.encoder.encode(texts) * torch.encode(texts)).sum(axis=1).min() > 0.999
    answer = engine.ask("What do care leavers say about their personal advisers?")
    assert "personal advisers keep in touch" in answer.answer


def test_if_int8_cannot_load_quotable_sentences_stay_exact_and_the_index_says_so(
    tmp_path, cache_dir, monkeypatch, caplog
):
    from index.engine import Engine

    cache = _cache_where_int8_measured_faster(tmp_path, cache_dir)
    inner = Encoder._make_backend

    def no_int8(self, variant):
        if variant == "onnx-int8":
            raise OSError("No space left on device")
        return inner(self, variant)

    monkeypatch.setattr(Encoder, "_make_backend", no_int8)
    engine = Engine.open(_letter_settings(tmp_path, cache), build_if_missing=True)
    assert engine.snapshot.store.manifest["encoders"] == ["onnx"]  # what ran, not what was planned
    assert (
        "quotable sentences stayed on onnx (onnx-int8 could not load)" in engine.encoder.describe()
    )
    assert any(
        "quotable sentences stay on onnx" in r.getMessage() and "No space" in r.getMessage()
        for r in caplog.records
    )
    assert (
        "care leavers"
        in engine.ask("What do care leavers say about their personal advisers?").answer.lower()
    )


def _ask_in_a_fresh_process(tmp_path: Path, cache_dir: Path, question: str) -> dict:
    """A new process answers one question from the index, as `inspection-bot ask` would."""
    script = f"""
import json, sys
from index.engine import Engine
from index.settings import Settings
settings = Settings.load(env={{}}, documents_dir={str(tmp_path / "documents")!r}, index_dir={str(tmp_path / "index")!r},
                         cache_dir={str(cache_dir)!r}, encoder="torch")
engine = Engine.open(settings)
answer = engine.ask({question!r})
vector = engine.encoder.encode_query({question!r})
print(json.dumps({{"text": answer.answer, "torch": "torch" in sys.modules,
                  "sentence_transformers": "sentence_transformers" in sys.modules, "vector": vector.tolist()}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_after_indexing_questions_are_answered_without_torch_and_answers_do_not_change(tmp_path):
    """Indexing leaves an ONNX export in the cache: a process that only answers skips
    importing torch (seconds of its start) and gives the same vectors and answers."""
    from index.build.update import update_index

    documents = _letter_folder(tmp_path)
    question = "What do care leavers say about their personal advisers?"
    without = tmp_path / "no-export"  # a cache folder with no export: torch answers
    first = Encoder(DEFAULT_MODEL, variant="torch", cache_dir=without)
    update_index(tmp_path / "index", [documents], first)
    first.finish_background()
    for export in (without / "onnx").rglob("*"):  # the run made one: take it away again
        if export.is_file():
            export.unlink()
    on_torch = _ask_in_a_fresh_process(tmp_path, without, question)
    assert on_torch["sentence_transformers"]

    cache_dir = tmp_path / "cache"
    encoder = Encoder(DEFAULT_MODEL, variant="torch", cache_dir=cache_dir)
    update_index(tmp_path / "index", [documents], encoder, rebuild=True)
    encoder.finish_background()  # the export is made after the index is live, in the background
    assert list((cache_dir / "onnx").rglob("model.onnx"))
    on_onnx = _ask_in_a_fresh_process(tmp_path, cache_dir, question)
    assert not on_onnx["torch"] and not on_onnx["sentence_transformers"]
    assert on_onnx["text"] == on_torch["text"] and "personal advisers" in on_onnx["text"]
    assert np.allclose(on_onnx["vector"], on_torch["vector"], atol=1e-5)


def test_indexing_makes_the_export_in_the_background_once_the_index_is_live(tmp_path):
    """A small first index must not wait for the export (5 to 15 s): it comes after the swap."""
    from index.build.update import update_index

    documents = _letter_folder(tmp_path)
    encoder = Encoder(DEFAULT_MODEL, variant="torch", cache_dir=tmp_path / "cache")
    update_index(tmp_path / "index", [documents], encoder)
    encoder.finish_background()
    export = next((tmp_path / "cache" / "onnx").rglob("model.onnx"))
    assert export.stat().st_mtime_ns >= (tmp_path / "index" / "CURRENT").stat().st_mtime_ns


def test_a_damaged_export_leaves_questions_to_torch(tmp_path):
    encoder = Encoder(DEFAULT_MODEL, variant="torch", cache_dir=tmp_path)
    reference = encoder.encode_query("When is the next visit?")
    assert encoder.prepare_questions()
    export = next((tmp_path / "onnx").rglob("model.onnx"))
    export.write_bytes(b"not a model")
    fresh = Encoder(DEFAULT_MODEL, variant="torch", cache_dir=tmp_path)
    assert np.allclose(fresh.encode_query("When is the next visit?"), reference, atol=1e-5)
    assert fresh._questions is False


@pytest.mark.parametrize(
    "variant", ["torch", "auto"]
)  # auto: measuring must not hide the missing model
def test_a_missing_model_is_one_line_naming_the_setting_that_fixes_it(variant, tmp_path):
    encoder = Encoder(str(tmp_path / "no-such-model"), variant=variant, cache_dir=tmp_path)
    with pytest.raises(
        ModelUnavailable, match="Set INSPECTION_BOT_MODEL to a local model folder"
    ) as refused:
        encoder.encode_query("When is the next visit?")
    assert "\n" not in str(refused.value) and "no-such-model" in str(refused.value)


def test_a_damaged_export_for_the_onnx_encoder_is_one_line_saying_to_delete_it(tmp_path):
    assert Encoder(DEFAULT_MODEL, variant="torch", cache_dir=tmp_path).prepare_questions()
    export = next((tmp_path / "onnx").rglob("model.onnx"))
    export.write_bytes(b"not a model")
    with pytest.raises(ModelUnavailable, match="ONNX export .* is damaged.*Delete it") as refused:
        Encoder(DEFAULT_MODEL, variant="onnx", cache_dir=tmp_path).encode_query(
            "When is the next visit?"
        )
    assert "\n" not in str(refused.value) and str(export) in str(refused.value)


@pytest.mark.slow
def test_the_command_line_says_what_to_do_about_a_missing_model_without_a_traceback(tmp_path):
    result = run_cli(
        "ask",
        "When is the next visit?",
        "--model",
        str(tmp_path / "no-such-model"),
        "--index-dir",
        str(tmp_path / "index"),
        "--documents-dir",
        str(ROOT / "documents"),
    )
    assert result.returncode == 2
    assert (
        result.stderr.strip().splitlines()[-1].startswith("error: Cannot load the embedding model")
    )
    assert "Traceback" not in result.stderr
