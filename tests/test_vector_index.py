"""The vector index: exact while small, IVF once large, and both take adds and removals."""

from __future__ import annotations

import json

import numpy as np
import pytest

from index.build.update import update_index
from index.store import Store, live_generation, vectors

DIM = 384


def clustered(count: int, seed: int = 0, clusters: int = 60) -> np.ndarray:
    """Unit vectors in clusters, as sentence embeddings are (uniform noise has no neighbours to find)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, DIM))
    points = centres[rng.integers(0, clusters, count)] + 0.9 * rng.normal(size=(count, DIM))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32)


def recall_at_10(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(a[:10]) & set(b[:10])) / 10 for a, b in zip(found, truth)]))


def test_ivf_finds_what_exact_search_finds_on_a_few_thousand_vectors():
    data = clustered(4000)
    ids = np.arange(1000, 5000, dtype=np.int64)
    queries = clustered(200, seed=1)
    _, truth = vectors.build_exact(ids, data, DIM).search(queries, 10)
    ivf = vectors.build_ivf(ids, data, DIM)
    assert vectors.kind(ivf) == "ivf" and ivf.nprobe < ivf.nlist  # it really scans only some cells
    _, found = ivf.search(queries, 10)
    assert recall_at_10(found, truth) >= 0.95


def test_the_index_kind_follows_its_size_with_a_gap_against_flipping():
    data = clustered(1200)
    index = vectors.build_exact(np.arange(1200), data, DIM)
    assert vectors.fit(index, threshold=2000) is index
    ivf = vectors.fit(index, threshold=1000)
    assert vectors.kind(ivf) == "ivf" and ivf.ntotal == 1200
    assert vectors.fit(ivf, threshold=1000) is ivf
    vectors.remove(ivf, np.arange(400))  # 800 left: under the threshold, above half of it
    assert vectors.fit(ivf, threshold=1000) is ivf
    vectors.remove(ivf, np.arange(400, 500))  # 700 left: under half of 1,600
    exact = vectors.fit(ivf, threshold=1600)
    assert vectors.kind(exact) == "exact" and exact.ntotal == 700
    assert np.allclose(exact.reconstruct(600), data[600])


def test_ivf_takes_additions_and_removals_in_place_and_survives_a_round_trip(tmp_path):
    data = clustered(3000)
    ivf = vectors.build_ivf(np.arange(3000), data, DIM)
    assert vectors.remove(ivf, np.array([5, 6, 7, 99_999])) == 3
    _, found = ivf.search(data[5:8], 5)
    assert not set(found.ravel()) & {5, 6, 7}
    fresh = clustered(2, seed=9)
    vectors.add(ivf, fresh, np.array([70_000, 70_001]))
    _, found = ivf.search(fresh, 1)
    assert found.ravel().tolist() == [70_000, 70_001]
    vectors.write(ivf, tmp_path / "v.faiss")
    back = vectors.read(tmp_path / "v.faiss")
    assert vectors.describe(back) == vectors.describe(ivf) and back.ntotal == 2999
    assert np.allclose(
        back.reconstruct(70_001), fresh[1]
    )  # the retriever reconstructs BM25-only hits
    ids, held = vectors.contents(back)
    assert sorted(ids.tolist()) == sorted(set(range(3000)) - {5, 6, 7} | {70_000, 70_001})
    assert np.allclose(held[ids.tolist().index(42)], data[42])


def test_the_store_switches_to_ivf_above_the_threshold_and_keeps_updating(
    tmp_path, encoder, monkeypatch
):
    monkeypatch.setattr(vectors, "ANN_THRESHOLD", 24)
    folder = tmp_path / "documents"
    folder.mkdir()
    topics = [
        "care leavers",
        "private fostering",
        "missing children",
        "caseloads",
        "adoption",
        "early help",
        "disabled children",
        "the front door",
        "permanence",
        "exploitation",
    ]
    for n, topic in enumerate(topics):
        paragraphs = [
            f"{i}.1 Inspectors looked at {topic} in council {n}, section {i}. "
            + "Work is improving. " * 20
            for i in range(1, 5)
        ]
        (folder / f"letter-{n}.md").write_text(
            f"# Visit {n} on {topic}\n\ndate 2023-03-0{n % 9 + 1}\n\n" + "\n\n".join(paragraphs)
        )
    index_dir = tmp_path / "index"
    report = update_index(index_dir, [folder], encoder)
    assert report.passages >= 24

    def manifest() -> dict:
        return json.loads((live_generation(index_dir) / "manifest.json").read_text())

    assert manifest()["vector_index"]["kind"] == "ivf"
    store = Store.open(index_dir)
    assert vectors.kind(store.vectors) == "ivf" and store.vectors.ntotal == report.passages
    store.close()

    # Change one document and remove another: the IVF index takes both without a rebuild.
    (folder / "letter-0.md").write_text(
        "# Visit 0 on kinship care\n\ndate 2023-04-01\n\n1.1 Kinship carers "
        "are assessed promptly and receive the support they need. " * 3
    )
    (folder / "letter-1.md").unlink()
    report = update_index(index_dir, [folder], encoder)
    assert report.updated == ["letter-0.md"] and report.removed == ["letter-1.md"]
    store = Store.open(index_dir)
    count = store.db.execute("SELECT count(*) FROM passages").fetchone()[0]
    assert store.vectors.ntotal == count
    question = encoder.encode_query("Are kinship carers assessed promptly?")
    _, found = store.vectors.search(question.reshape(1, -1), 1)
    best = store.passages([int(found[0][0])])[int(found[0][0])]
    assert "Kinship carers" in best.text
    store.close()

    # Shrunk to under half the threshold, the index is exact again.
    for n in range(2, 10):
        (folder / f"letter-{n}.md").unlink()
    update_index(index_dir, [folder], encoder)
    assert manifest()["vector_index"] == {"kind": "exact"}


@pytest.mark.parametrize("count", [0, 1, 15])
def test_tiny_collections_stay_exact(count):
    index = vectors.build_exact(
        np.arange(count), clustered(count) if count else np.zeros((0, DIM), np.float32), DIM
    )
    assert vectors.kind(vectors.fit(index)) == "exact"
