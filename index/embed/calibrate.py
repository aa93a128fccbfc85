"""Which way to run the model on this machine: measured once, then remembered.

The same weights run several ways (index/embed.py), and which is fastest depends on the
CPU, not on what its flags promise: bfloat16 weights ran at 2.9 times float32 on a Xeon
with AMX and 1.9 times on an AMD EPYC with AVX512-BF16, but where bfloat16 is emulated
(AVX2 only) it is slower than float32; ONNX Runtime was 0.7 times torch on the Xeon. So
``auto`` does not guess: on first use it times each variant on one calibration batch,
keeps the fastest whose vectors agree with float32 (cosine at least ``AGREEMENT`` on
every text of the batch), and remembers the choice in the cache folder, per machine
(CPU model, its vector flags, cores) and model. ``INSPECTION_BOT_ENCODER`` still forces
one; deleting the cache folder measures again.

The batch is shaped like what indexing encodes, and encoded the way indexing encodes it
(index/embed.py's batching): mostly report sentences, since each passage's vector is pooled
from its sentences' (index/pooling.py), with a few whole passages. The shape decides the
winner: on an AMD EPYC with AVX2 only, ONNX Runtime ran 110-word passages at 0.73 times
torch but report sentences at 1.35 times (docs/benchmarks.md).

ONNX Runtime joins the measurement once the model's export exists (it is made in the
background after an index is live, index/embed.py): the first small index never waits
for an export, and the next run re-measures with ONNX among the candidates.

Quotable sentences may take another way (``Calibration.sentences``): ONNX Runtime with int8
weights, whose vectors sit at a cosine of about 0.99 to float32, too far for the rule above
but judged on answers instead (issue 16: the same first quoted sentence in 63 of 66 topic
questions and no gold fact lost, docs/benchmarks.md). It is used for them only where it is
measured faster than the chosen variant by ``MARGIN``; passages encoded whole, headings and
questions keep the chosen variant.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from index.embed.backends import cores

log = logging.getLogger(__name__)

#: Vectors a variant gives must be this close (cosine) to float32's on every calibration text.
AGREEMENT = 0.999
#: The variants ``auto`` may choose among, the float32 reference first. onnx-int8 is not one:
#: its vectors are at a cosine of about 0.99 to float32 (per-channel weights; 0.96 per matrix).
CANDIDATES = ("torch", "torch-bf16", "onnx")
#: Measured beside them (once the export exists) for quotable sentences only, judged on answers.
SENTENCE_CANDIDATES = ("onnx-int8",)
#: ... provided no calibration text falls below this cosine to float32 (per-channel int8: 0.97
#: at worst on 1,500 report sentences; the per-matrix quantisation's 0.91 would be refused).
SENTENCE_AGREEMENT = 0.95
#: A variant slower than this share of float32 on a first few texts is not timed further:
#: emulated bfloat16 would otherwise cost the first run several seconds for nothing.
PROBE_TEXTS = 4
GIVE_UP_BELOW = 0.5
#: The calibration batch: sentences and whole passages in about the shares of indexing's
#: tokens (sentences 85 to 90%). At float32's 100 sentences/s on 2 idle cores, about 0.8 s a round.
BATCH_SENTENCES = 64
BATCH_PASSAGES = 3
BATCH_VERSION = 3  # in the remembered file's name: a choice measured on another batch, or without
#                   the sentence candidates, is measured again
ROUNDS = 3  # timed in turn, best of each: another process's burst hits every variant alike
#: Another variant replaces float32 only if this much faster: on a busy machine two variants
#: within a few per cent swap places from one measurement to the next (torch 4.2/s, onnx 4.3/s).
MARGIN = 1.10

# Report-like sentences, composed into passages of the length indexing sees (60 to 140 words,
# with a title and heading line): speed depends on token counts, agreement on ordinary prose.
_SENTENCES = (
    "Inspectors found that children in care live in stable placements close to their families and schools.",
    "The multi-agency safeguarding hub responds to contacts quickly, and thresholds are applied consistently.",
    "Care leavers told inspectors that their personal advisers keep in touch and help them find housing.",
    "Social workers' caseloads have fallen, and most say they have time to get to know the children they support.",
    "Leaders have reduced the use of agency staff by recruiting and developing newly qualified social workers.",
    "Children who go missing from home are offered a return home interview within three working days.",
    "Private fostering arrangements are not always identified, and awareness raising has been limited.",
    "Disabled children receive timely assessments of their needs, and short breaks are available to families.",
    "The local authority was judged to require improvement to be good at its last inspection in March 2022.",
    "Plans are not always specific about what needs to change, by when, and who is responsible for each action.",
    "Independent reviewing officers challenge drift and delay, although their oversight is not always recorded.",
    "We expect that there will be at least one further monitoring visit before the next full inspection.",
)


def calibration_texts(
    sentences: int = BATCH_SENTENCES, passages: int = BATCH_PASSAGES
) -> list[str]:
    """Report-like texts, the same on every machine: ``passages`` of 60 to 140 words (with a
    title and heading line, as a passage encoded whole) first, then ``sentences`` of 8 to 45
    words, spread as report sentences are (about 20 words on average)."""
    words = " ".join(_SENTENCES).split()
    texts = []
    for i in range(passages):
        length = 60 + (i * 37) % 81  # 60 to 140 words, spread
        start = (i * 13) % len(words)
        body = " ".join((words * 3)[start : start + length])
        texts.append(f"Inspection of children's social care services — Findings {i + 1}\n{body}")
    for i in range(sentences):
        length = 8 + (i * 11) % 38  # 8 to 45 words, spread
        start = (i * 17) % len(words)
        texts.append(" ".join((words * 2)[start : start + length]))
    return texts


@dataclass(frozen=True)
class Calibration:
    """What was measured on this machine, and the variant chosen from it."""

    variant: str
    rates: dict[str, float]  # calibration texts a second (mostly sentences), per variant measured
    agreement: dict[str, float]  # lowest cosine to float32 over the batch, per variant
    machine: str
    measured_at: str
    # the variants that were available to measure
    candidates: tuple[str, ...] = field(default=CANDIDATES)
    sentences: str = ""  # the variant for quotable sentences at indexing, if not ``variant``

    @property
    def sentence_variant(self) -> str:
        return self.sentences or self.variant

    def describe(self) -> str:
        """One line for ``index``: which encoder, its measured rate, and the others'."""

        def cosine(v: str) -> str:
            if self.agreement.get(v, 1.0) >= AGREEMENT:
                return ""
            why = (
                ""
                if v == self.sentence_variant
                else f", not {MARGIN - 1:.0%} faster"
                if v in SENTENCE_CANDIDATES and self.agreement[v] >= SENTENCE_AGREEMENT
                else ", refused"
            )
            return f" (cosine {self.agreement[v]:.4f}{why})"

        others = ", ".join(
            f"{v} {self.rates[v]:.0f}/s{cosine(v)}"
            for v in self.rates
            if v not in (self.variant, self.sentence_variant)
        )
        line = (
            f"encoder {self.variant}, chosen by measuring this machine on {self.measured_at[:10]}: "
            f"{self.rates[self.variant]:.0f} texts/s" + (f" (against {others})" if others else "")
        )
        if self.sentence_variant != self.variant:
            line += (
                f"; quotable sentences in {self.sentence_variant} at {self.rates[self.sentence_variant]:.0f} "
                f"texts/s{cosine(self.sentence_variant)}, judged on answers"
            )
        return line


def machine() -> str:
    """This machine as far as speed goes: CPU model, its vector and matrix flags, cores."""
    name, flags = "unknown CPU", []
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and name == "unknown CPU":
                name = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = line.split(":", 1)[1].split()
    except OSError:
        pass
    vector = sorted(f for f in flags if f.startswith(("avx", "amx", "fma")))
    return f"{name}; {cores()} cores; {' '.join(vector) or 'no AVX'}"


def _path(cache_dir: Path, model_key: str) -> Path:
    digest = hashlib.sha256(machine().encode()).hexdigest()[:12]
    return (
        Path(cache_dir).expanduser()
        / "encoders"
        / f"{model_key}-{digest}-batch{BATCH_VERSION}.json"
    )


def remembered(cache_dir: Path, model_key: str) -> Calibration | None:
    """The choice measured earlier on this machine for this model, if any (a damaged file is none)."""
    path = _path(cache_dir, model_key)
    try:
        data = json.loads(path.read_text())
        data["candidates"] = tuple(data["candidates"])
        found = Calibration(**data)
        usable = (
            found.machine == machine()
            and found.variant in CANDIDATES
            and found.variant in found.rates
            and found.sentence_variant in (found.variant, *SENTENCE_CANDIDATES)
            and found.sentence_variant in found.rates
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return found if usable else None


def remember(calibration: Calibration, cache_dir: Path, model_key: str) -> None:
    """Write the choice beside the model's other derived files (temporary name, then rename)."""
    path = _path(cache_dir, model_key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(asdict(calibration), indent=1))
        os.replace(partial, path)
    except OSError as exc:  # a read-only cache only means measuring again next time
        log.warning("cannot remember the encoder choice in %s (%s)", path, exc)


#: encode(texts) → unit vectors (rows), for one variant; made on demand, dropped when refused.
Encode = Callable[[list[str]], np.ndarray]


def measure(
    make: Callable[[str], Encode],
    variants: Sequence[str],
    texts: Sequence[str] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> Calibration:
    """Time each variant on the same texts, check it against float32, choose.

    ``variants`` starts with "torch" (float32, the reference). ``make(variant)`` returns that
    variant's encode function, or raises if it cannot run here (then it is left out). If
    none can run, the first one's error is raised: a missing model must say so, not
    pass for a measurement.
    """
    texts = list(texts or calibration_texts())
    encoders: dict[str, Encode] = {}
    failures: list[Exception] = []
    for variant in variants:
        try:
            encoders[variant] = make(variant)
            encoders[variant](texts[:2])  # warm up: first calls allocate and pick kernels
        except Exception as exc:  # noqa: BLE001 - a variant that cannot load is not a candidate
            log.info("encoder %s cannot run here (%s)", variant, exc)
            encoders.pop(variant, None)
            failures.append(exc)
    if not encoders:
        raise failures[0]
    reference_name = next(iter(encoders))
    best: dict[str, float] = {}
    vectors: dict[str, np.ndarray] = {}

    def timed(variant: str, batch: list[str]) -> float:
        began = clock()
        out = encoders[variant](batch)
        seconds = max(clock() - began, 1e-9)
        if len(batch) == len(texts):
            vectors[variant] = out
        return len(batch) / seconds

    probe = {v: timed(v, texts[:PROBE_TEXTS]) for v in encoders}
    timed_variants = [v for v in encoders if probe[v] >= GIVE_UP_BELOW * probe[reference_name]]
    for _ in range(ROUNDS):
        for variant in timed_variants:
            best[variant] = max(best.get(variant, 0.0), timed(variant, texts))
    rates = {v: best.get(v, probe[v]) for v in encoders}
    agreement = {}
    for variant in encoders:
        if variant in vectors:
            agreement[variant] = float(
                (vectors[variant] * vectors[reference_name]).sum(axis=1).min()
            )
    trusted = [
        v
        for v in timed_variants
        if agreement.get(v, 0.0) >= AGREEMENT and v not in SENTENCE_CANDIDATES
    ]
    if not trusted:  # only a sentence candidate could run: the exact variants' own error says why
        raise failures[0] if failures else RuntimeError("no exact encoder could be measured")
    chosen = max(trusted, key=lambda v: rates[v] / (1.0 if v == reference_name else MARGIN))
    for_sentences = [chosen] + [
        v
        for v in timed_variants
        if v in SENTENCE_CANDIDATES and agreement.get(v, 0.0) >= SENTENCE_AGREEMENT
    ]
    sentences = max(for_sentences, key=lambda v: rates[v] / (1.0 if v == chosen else MARGIN))
    return Calibration(
        variant=chosen,
        rates={v: round(r, 1) for v, r in rates.items()},
        agreement={v: round(a, 5) for v, a in agreement.items()},
        machine=machine(),
        measured_at=dt.datetime.now().isoformat(timespec="seconds"),
        candidates=tuple(encoders),
        sentences="" if sentences == chosen else sentences,
    )
