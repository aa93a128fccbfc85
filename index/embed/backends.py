"""How the model runs: sentence-transformers on torch, or ONNX Runtime on an export of it.

index/embed.py's ``Encoder`` chooses a backend (the ``encoder`` setting) and batches the
texts; a backend turns texts into token ids, and one batch of ids into unit vectors. The
ONNX export is made once, offline, from the local model folder, into the cache folder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.errors import ModelUnavailable


def one_line(exc: Exception, limit: int = 200) -> str:
    """An exception's message on one line: the error's message must stay one line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cores() -> int:
    """CPUs this process may run on (a container's share, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


PAD_MULTIPLE = 16  # batches pad to a multiple of this many tokens: few distinct shapes
#: Batches of texts no longer than SHORT_TOKENS pad to a multiple of SHORT_MULTIPLE instead:
#: a sentence averages 26 tokens, so rounding to 16 padded 30% of a sentence batch's tokens.
#: Measured on 1,200 report sentences, three rounds in turn: 31 against 23 sentences/s,
#: for 4 more shapes (8 to 64 by 8) and the same vectors.
SHORT_TOKENS = 64
SHORT_MULTIPLE = 8


def padded(
    ids: Sequence[Sequence[int]], pad_id: int, *, exact: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Token ids of one batch as a (rows, width) array and its attention mask, padded on the
    right to the longest row rounded up to PAD_MULTIPLE, or SHORT_MULTIPLE for short rows
    (what a tokenizer's padding gives); with ``exact``, to the longest row itself."""
    longest = max(len(row) for row in ids)
    multiple = 1 if exact else SHORT_MULTIPLE if longest <= SHORT_TOKENS else PAD_MULTIPLE
    width = -(-longest // multiple) * multiple
    tokens = np.full((len(ids), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(ids), width), dtype=np.int64)
    for i, row in enumerate(ids):
        tokens[i, : len(row)] = row
        mask[i, : len(row)] = 1
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
        return np.vstack(
            [
                self.encode_ids(ids[start : start + batch_size], small=small)
                for start in range(0, len(ids), batch_size)
            ]
        )


class TorchBackend(_Backend):
    """The sentence-transformers model on torch, fed token ids that Encoder has batched.

    Padding to a multiple of PAD_MULTIPLE tokens keeps the number of distinct input shapes
    small: torch and oneDNN keep kernels and buffers per shape, and with every length from
    1 to 256 the process grew by gigabytes over a corpus.

    With ``bf16`` the model's weights are bfloat16 (oneDNN's AMX or AVX512-BF16 kernels):
    faster than bfloat16 autocast, which converted every weight at every product, with the
    same vectors (docs/benchmarks.md).
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
        getter = (
            getattr(self.model, "get_embedding_dimension", None)
            or self.model.get_sentence_embedding_dimension
        )
        self.dimension = int(getter())

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        return self._tokenizer(
            list(texts),
            truncation="longest_first",
            max_length=self.max_tokens,
            return_attention_mask=False,
            return_token_type_ids=False,
        )["input_ids"]

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


def model_key(load_path: str) -> str:
    """A name for the model's files as they are on disk (names, sizes, modification times),
    so that what is derived from them (export, measurements) is redone when they change."""
    folder = Path(load_path)
    digest = hashlib.sha256()
    if folder.is_dir():
        for item in sorted(folder.iterdir()):
            if item.is_file() and item.suffix in {".json", ".safetensors", ".bin", ".txt"}:
                stat = item.stat()
                digest.update(f"{item.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    else:
        digest.update(load_path.encode())
    return f"{folder.name}-{digest.hexdigest()[:16]}"


def onnx_model_path(load_path: str, cache_dir: Path, *, quantized: bool, make: bool = True) -> Path:
    """The exported (and perhaps quantised) model for a local model folder, made if missing
    (unless ``make`` is false: then only where it would be).

    Keyed by the model's config and weight files (name, size, modification time), so a
    changed model gets a fresh export. Written to a temporary name and renamed, so a
    crash never leaves half a file under the final name.
    """
    folder = Path(load_path)
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(
            f"the ONNX encoders need a local model folder; {load_path} has no config.json"
        )
    target = Path(cache_dir).expanduser() / "onnx" / model_key(load_path)
    plain = target / "model.onnx"
    # Per output channel: one scale per weight column kept vectors at a cosine of 0.991 to
    # float32 on report sentences, against 0.961 with one scale per matrix (docs/benchmarks.md).
    int8 = target / "model-int8-channel.onnx"
    if not make:
        return int8 if quantized else plain
    target.mkdir(parents=True, exist_ok=True)
    if not plain.exists():
        _export_onnx(folder, plain)
    if not quantized:
        return plain
    if not int8.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        partial = int8.with_name(f".{int8.name}.{os.getpid()}.tmp")
        logging.disable(logging.WARNING)  # it advises pre-processing through the root logger
        try:
            quantize_dynamic(
                str(plain), str(partial), weight_type=QuantType.QInt8, per_channel=True
            )
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
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = tuple(torch.ones(2, 16, dtype=torch.long) for _ in names)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.getLogger("torch.onnx").setLevel(logging.ERROR)
        # The TorchScript exporter: it needs nothing beyond torch, and this model has no
        # control flow that it would get wrong.
        torch.onnx.export(
            TokenVectors(model),
            example,
            str(partial),
            dynamo=False,
            input_names=names,
            output_names=["token_vectors"],
            opset_version=17,
            dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "token_vectors"]},
        )
    os.replace(partial, path)


class OnnxBackend(_Backend):
    """ONNX Runtime with the model's own fast tokenizer; mean pooling and normalising in numpy.

    Each ``encode_ids`` call is one batch (Encoder.encode groups texts of like length).
    """

    def __init__(
        self, load_path: str, cache_dir: Path, *, quantized: bool, threads: int | None = None
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(load_path)
        pooling = folder / "1_Pooling" / "config.json"
        if pooling.is_file() and not json.loads(pooling.read_text()).get(
            "pooling_mode_mean_tokens"
        ):
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
        # as OMP_WAIT_POLICY above
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            self.session = ort.InferenceSession(
                str(model_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # noqa: BLE001 - ONNX Runtime raises its own untyped errors for a bad file
            raise ModelUnavailable(
                f"The model's ONNX export {model_path} is damaged ({one_line(exc)}). Delete it (the next run "
                "exports the model again), or set INSPECTION_BOT_ENCODER=torch."
            ) from None
        self.dimension = int(json.loads((folder / "config.json").read_text())["hidden_size"])

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        return [encoding.ids for encoding in self.tokenizer.encode_batch(list(texts))]

    def encode_ids(self, ids: list[list[int]], *, small: bool = False) -> np.ndarray:
        # Padded to the longest row, not rounded up: ONNX Runtime keeps no buffers per shape, and
        # rounding to 8 padded 12.5% of report sentences' tokens (0.7% unrounded; docs/benchmarks.md).
        tokens, mask = padded(ids, 0, exact=True)
        vectors = self.session.run(
            None,
            {"input_ids": tokens, "attention_mask": mask, "token_type_ids": np.zeros_like(tokens)},
        )[0]
        pooled = (vectors * mask[..., None]).sum(axis=1) / np.maximum(
            mask.sum(axis=1, keepdims=True), 1
        )
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(
            np.float32
        )
