"""Write a random-weight ModernBERT with the exact shape of a published embedding model, for speed tests.

    /usr/bin/python3 scripts/perf-models/make_model.py --shape base --out DIR [--tokenizer DIR]

DIR gets the Hugging Face layout codeloupe reads: config.json, tokenizer files, 1_Pooling/config.json and
onnx/model.onnx (float32) plus onnx/model_int8.onnx (quantize_int8.py). Weights are random (fixed seed):
the model is as fast as the real one and its vectors mean nothing. Never use it for quality numbers.
The tokenizer is a byte-level BPE with the real vocabulary size (50,368 with the special tokens), trained
by scripts/test-model/bpe_trainer.py on local code (--tokenizer reuses one trained before), so texts
split into about as many tokens as with the real models' tokenizers.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import sysconfig
import time
from dataclasses import asdict
from pathlib import Path

import onnx
import torch

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "test-model"))
from bpe_trainer import SPECIAL_TOKENS, special_token_ids, tokenizer_json, train_bpe  # noqa: E402
from generate import check_padding_invariance, export_onnx, hf_config, sentence_transformers_files, tokenizer_side_files  # noqa: E402
from quantize_int8 import quantize  # noqa: E402
from shapes import SHAPES, Shape  # noqa: E402
from tiny_modernbert import TinyConfig, TinyModernBert, init_weights  # noqa: E402

SEED = 20241129
# Code for the tokenizer: TypeScript's declarations and Python's standard library, never a bench corpus.
TS_GLOB = "node_modules/typescript/lib/lib.*.d.ts"
TS_FILES = ["node_modules/typescript/lib/typescript.d.ts"]
PY_STDLIB_DIRS = ["", "json", "email", "asyncio", "http", "logging", "unittest", "xml/etree", "importlib"]
TOKENIZER_CORPUS_BYTES = 12_000_000


def tokenizer_corpus(repo: Path) -> list[str]:
    files = sorted(repo.glob(TS_GLOB)) + [repo / f for f in TS_FILES]
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for d in PY_STDLIB_DIRS:
        files += sorted((stdlib / d).glob("*.py"))
    texts: list[str] = []
    total = 0
    for f in files:
        if total >= TOKENIZER_CORPUS_BYTES or not f.is_file():
            continue
        text = f.read_text(encoding="utf-8", errors="replace")
        texts.append(text)
        total += len(text)
    return texts


def make_tokenizer(out: Path, repo: Path, vocab_size: int) -> dict[str, int]:
    started = time.time()
    bpe_size = vocab_size - len(SPECIAL_TOKENS)
    vocab, merges = train_bpe(tokenizer_corpus(repo), bpe_size)
    ids = special_token_ids(vocab)
    (out / "tokenizer.json").write_text(json.dumps(tokenizer_json(vocab, merges), ensure_ascii=False), encoding="utf-8")
    tokenizer_side_files(out, ids)
    print(f"trained a {len(vocab) + len(SPECIAL_TOKENS)}-token BPE in {time.time() - started:.0f} s")
    return ids


def copy_tokenizer(src: Path, out: Path) -> dict[str, int]:
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copyfile(src / name, out / name)
    added = json.loads((out / "tokenizer.json").read_text(encoding="utf-8"))["added_tokens"]
    return {t["content"]: t["id"] for t in added}


def write_pooling(out: Path, shape: Shape) -> None:
    sentence_transformers_files(out, shape.hidden_size)
    pooling = json.loads((out / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    pooling["pooling_mode_cls_token"] = shape.pooling == "cls"
    pooling["pooling_mode_mean_tokens"] = shape.pooling == "mean"
    (out / "1_Pooling" / "config.json").write_text(json.dumps(pooling, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", required=True, choices=sorted(SHAPES))
    parser.add_argument("--out", required=True)
    parser.add_argument("--tokenizer", help="a folder with a tokenizer.json of the right vocabulary size to reuse")
    parser.add_argument("--repo", default=".", help="repository root holding node_modules (default: %(default)s)")
    args = parser.parse_args()
    shape = SHAPES[args.shape]
    out, repo = Path(args.out), Path(args.repo).resolve()
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    torch.manual_seed(SEED)

    ids = copy_tokenizer(Path(args.tokenizer), out) if args.tokenizer else make_tokenizer(out, repo, shape.vocab_size)
    cfg = TinyConfig(vocab_size=shape.vocab_size, hidden_size=shape.hidden_size, num_hidden_layers=shape.num_hidden_layers,
                     num_attention_heads=shape.num_attention_heads, intermediate_size=shape.intermediate_size,
                     local_attention=128, global_attn_every_n_layers=3, global_rope_theta=shape.global_rope_theta,
                     local_rope_theta=10000.0, norm_eps=1e-5, pad_token_id=ids["[PAD]"])
    config = hf_config(cfg, ids)
    config["_name_or_path"] = f"codeloupe-perf/random-{shape.name}"
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    write_pooling(out, shape)

    started = time.time()
    model = TinyModernBert(cfg).eval()
    init_weights(model, SEED)
    params = sum(p.numel() for p in model.parameters())
    with torch.no_grad():
        check_padding_invariance(model, cfg.pad_token_id)
        export_onnx(model, out / "onnx" / "model.onnx", cfg.pad_token_id)
    print(f"exported {shape.name} ({params:,} parameters) in {time.time() - started:.0f} s")
    del model

    started = time.time()
    quantized, counts = quantize(onnx.load(str(out / "onnx" / "model.onnx")))
    onnx.save(quantized, str(out / "onnx" / "model_int8.onnx"))
    print(f"int8: {counts['matmul']} MatMul weights, {counts['gather']} embedding tables, in {time.time() - started:.0f} s")
    (out / "perf-model.json").write_text(json.dumps({
        "generator": "scripts/perf-models/make_model.py",
        "shape": asdict(shape),
        "parameters": params,
        "seed": SEED,
        "torch": torch.__version__,
        "onnx": onnx.__version__,
        "note": "random weights: a speed model only, its vectors mean nothing",
    }, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
