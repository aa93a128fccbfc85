"""Dev-only: index a corpus with real documents, facts and events but constant vectors.

    python -m scripts.facts_only_index ../shared/corpus/ofsted-ilacs /tmp/facts-index
    inspection-bot eval eval/national_questions.json --index-dir /tmp/facts-index

Embedding the national corpus takes tens of minutes on 2 cores; the questions answered
from report facts (grades, dates, lead inspectors, what to improve, counts, declines) do
not need the vectors, so this builds the index in minutes for iterating on them. Retrieval
over it is meaningless: measure topic questions on a real index. Never used by the bot.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from index.build.update import update_index
from index.embed.encoder import Encoder
from index.settings import Settings


def constant(self, texts, progress=None, **_):
    # The real encode takes keyword options (quotable=...): accepted and ignored, as every vector is the same.
    vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
    vectors[:, 0] = 1.0
    if progress:
        progress(len(texts))
    return vectors


if __name__ == "__main__":
    Encoder.encode = constant
    Encoder.prepare_questions = lambda self, **_: False
    encoder = Encoder.from_settings(Settings.load())
    print(update_index(Path(sys.argv[2]), [Path(sys.argv[1])], encoder).summary())
