"""BM25 over the passages: one tokeniser for the passages indexed and the questions asked.

bm25s saves the index as a folder of JSON and ``.npy`` files (no pickles) with the
vocabulary it was built with; ``TOKENIZER`` is how text is cut into its terms, recorded in
the generation's manifest, and used for passages and questions alike.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

#: How passages and questions are cut into terms: bm25s's default splitter, lower case,
#: English stopwords removed, no stemming.
TOKENIZER = {"stopwords": "en"}


def write(folder: Path, texts: list[str], ids: list[int]) -> None:
    """Index ``texts`` (passage ``ids`` in the same order) into ``folder``/bm25 and bm25_ids.npy."""
    import bm25s

    model = bm25s.BM25()
    model.index(bm25s.tokenize(texts, show_progress=False, **TOKENIZER), show_progress=False)
    model.save(str(folder / "bm25"), allow_pickle=False, show_progress=False)
    np.save(folder / "bm25_ids.npy", np.array(ids, dtype=np.int64), allow_pickle=False)


def load(folder: Path):
    """(the BM25 model, its passage ids) saved in ``folder``."""
    import bm25s

    model = bm25s.BM25.load(
        str(folder / "bm25"), mmap=False, allow_pickle=False, show_progress=False
    )
    return model, np.load(folder / "bm25_ids.npy", allow_pickle=False)


def scores(
    model, ids: np.ndarray, question: str, n: int, within: np.ndarray | None = None
) -> dict[int, float]:
    """BM25 scores of the best ``n`` passages for ``question``, by passage id, those above 0;
    ``within``: only these passage ids may score."""
    import bm25s

    tokens = bm25s.tokenize([question], return_ids=False, show_progress=False, **TOKENIZER)
    if not tokens or not tokens[0]:
        return {}
    mask = None if within is None else np.isin(ids, within).astype(np.float32)
    rows, found = model.retrieve(
        tokens, k=min(n, len(ids)), show_progress=False, n_threads=0, weight_mask=mask
    )
    return {int(ids[r]): float(s) for r, s in zip(rows[0], found[0]) if s > 0}
