"""Generate codeloupe's small ModernBERT test model into test/fixtures/model.

Run from the repository root with Debian's python (torch and onnx come from apt, see README.md):
    /usr/bin/python3 scripts/test-model/generate.py
The weights are random (fixed seed), so the embeddings carry no meaning; the file layout, input and output
names and the architecture are those of the published ModernBERT ONNX exports (gte-modernbert-base).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import sysconfig
from dataclasses import asdict
from pathlib import Path

import onnx
import torch

sys.dont_write_bytecode = True  # keep __pycache__ out of the repository
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bpe_trainer import SPECIAL_TOKENS, special_token_ids, tokenizer_json, train_bpe  # noqa: E402
from tiny_modernbert import TinyConfig, TinyModernBert, init_weights  # noqa: E402

SEED = 20240917
BPE_VOCAB_SIZE = 4096  # byte symbols + merges; the five special tokens follow
MAX_POSITIONS = 8192
# Code corpus for the tokenizer: the TypeScript declarations of the exactly pinned typescript package
# (present after `npm install`) and Python modules of Debian bookworm's python3.11 standard library.
TS_FILES = ["node_modules/typescript/lib/lib.es5.d.ts", "node_modules/typescript/lib/typescript.d.ts"]
PY_STDLIB_FILES = ["argparse.py", "pathlib.py", "shutil.py", "subprocess.py", "dataclasses.py", "textwrap.py",
                   "json/encoder.py", "json/decoder.py", "functools.py", "typing.py"]


def corpus_files(repo: Path) -> list[Path]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = [repo / f for f in TS_FILES] + [stdlib / f for f in PY_STDLIB_FILES]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        sys.exit(f"corpus files missing: {missing}; run `npm install` and use Debian's /usr/bin/python3")
    return files


def write_json(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def hf_config(cfg: TinyConfig, ids: dict[str, int]) -> dict[str, object]:
    """config.json with ModernBERT's keys (values of the small model)."""
    return {
        "architectures": ["ModernBertModel"],
        "attention_bias": False,
        "attention_dropout": 0.0,
        "bos_token_id": ids["[CLS]"],
        "classifier_activation": "gelu",
        "classifier_bias": False,
        "classifier_dropout": 0.0,
        "classifier_pooling": "cls",
        "cls_token_id": ids["[CLS]"],
        "decoder_bias": True,
        "deterministic_flash_attn": False,
        "embedding_dropout": 0.0,
        "eos_token_id": ids["[SEP]"],
        "global_attn_every_n_layers": cfg.global_attn_every_n_layers,
        "global_rope_theta": cfg.global_rope_theta,
        "hidden_activation": "gelu",
        "hidden_size": cfg.hidden_size,
        "initializer_cutoff_factor": 2.0,
        "initializer_range": 0.02,
        "intermediate_size": cfg.intermediate_size,
        "layer_norm_eps": cfg.norm_eps,
        "local_attention": cfg.local_attention,
        "local_rope_theta": cfg.local_rope_theta,
        "max_position_embeddings": MAX_POSITIONS,
        "mlp_bias": False,
        "mlp_dropout": 0.0,
        "model_type": "modernbert",
        "norm_bias": False,
        "norm_eps": cfg.norm_eps,
        "num_attention_heads": cfg.num_attention_heads,
        "num_hidden_layers": cfg.num_hidden_layers,
        "pad_token_id": ids["[PAD]"],
        "position_embedding_type": "absolute",  # sic: ModernBERT's published configs say so; it uses RoPE
        "sep_token_id": ids["[SEP]"],
        "sparse_pred_ignore_index": -100,
        "sparse_prediction": False,
        "torch_dtype": "float32",
        "transformers_version": "4.48.0",
        "vocab_size": cfg.vocab_size,
    }


def tokenizer_side_files(out: Path, ids: dict[str, int]) -> None:
    def token(content: str) -> dict[str, object]:
        return {"content": content, "lstrip": content == "[MASK]", "normalized": False, "rstrip": False, "single_word": False}

    names = {"[CLS]": "cls_token", "[MASK]": "mask_token", "[PAD]": "pad_token", "[SEP]": "sep_token", "[UNK]": "unk_token"}
    write_json(out / "special_tokens_map.json", {names[t]: token(t) for t in sorted(names)})
    write_json(out / "tokenizer_config.json", {
        "added_tokens_decoder": {str(ids[t]): {**token(t), "special": True} for t in SPECIAL_TOKENS},
        "clean_up_tokenization_spaces": True,
        "cls_token": "[CLS]",
        "mask_token": "[MASK]",
        "model_input_names": ["input_ids", "attention_mask"],
        "model_max_length": MAX_POSITIONS,
        "pad_token": "[PAD]",
        "sep_token": "[SEP]",
        "tokenizer_class": "PreTrainedTokenizerFast",
        "unk_token": "[UNK]",
    })


def sentence_transformers_files(out: Path, hidden: int) -> None:
    """The sentence-transformers layout of gte-modernbert-base: CLS pooling, no prompts."""
    write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ])
    write_json(out / "sentence_bert_config.json", {"max_seq_length": MAX_POSITIONS, "do_lower_case": False})
    write_json(out / "config_sentence_transformers.json", {
        "__version__": {"sentence_transformers": "3.3.1", "transformers": "4.48.0", "pytorch": torch.__version__},
        "prompts": {},
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    })
    write_json(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": hidden,
        "pooling_mode_cls_token": True,
        "pooling_mode_mean_tokens": False,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False,
        "include_prompt": True,
    })


def check_padding_invariance(model: TinyModernBert, pad_id: int) -> None:
    """A sequence alone and right-padded to 300 tokens in a batch must give the same real-token outputs."""
    ids = torch.randint(0, pad_id - 5, (1, 9), generator=torch.Generator().manual_seed(1))
    alone = model(ids, torch.ones_like(ids))
    padded = torch.full((2, 300), pad_id, dtype=torch.long)
    padded[0, :9] = ids[0]
    padded[1] = torch.randint(0, pad_id - 5, (300,), generator=torch.Generator().manual_seed(2))
    mask = (padded != pad_id).long()
    batched = model(padded, mask)
    diff = (batched[0, :9] - alone[0]).abs().max().item()
    if diff > 1e-5:
        sys.exit(f"padding changed real-token outputs by {diff}")


def export_onnx(model: TinyModernBert, path: Path, pad_id: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[pad_id - 4, 10, 11, 12, 13, pad_id - 3, pad_id - 2],
                        [pad_id - 4, 20, 21, pad_id - 3, pad_id - 2, pad_id - 2, pad_id - 2]], dtype=torch.long)
    mask = torch.tensor([[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0, 0]], dtype=torch.long)
    axes = {0: "batch_size", 1: "sequence_length"}
    torch.onnx.export(model, (ids, mask), str(path), input_names=["input_ids", "attention_mask"],
                      output_names=["last_hidden_state"],
                      dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
                      opset_version=14, do_constant_folding=True)
    proto = onnx.load(str(path))
    onnx.checker.check_model(proto)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="test/fixtures/model", help="output directory (default: %(default)s)")
    parser.add_argument("--repo", default=".", help="repository root holding node_modules (default: %(default)s)")
    args = parser.parse_args()
    repo, out = Path(args.repo).resolve(), Path(args.out)
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)

    files = corpus_files(repo)
    vocab, merges = train_bpe([f.read_text(encoding="utf-8") for f in files], BPE_VOCAB_SIZE)
    ids = special_token_ids(vocab)
    write_json(out / "tokenizer.json", tokenizer_json(vocab, merges))
    tokenizer_side_files(out, ids)

    tokens = len(vocab) + len(SPECIAL_TOKENS)
    cfg = TinyConfig(vocab_size=(tokens + 63) // 64 * 64, hidden_size=64, num_hidden_layers=4, num_attention_heads=4,
                     intermediate_size=128, local_attention=128, global_attn_every_n_layers=3,
                     global_rope_theta=160000.0, local_rope_theta=10000.0, norm_eps=1e-5, pad_token_id=ids["[PAD]"])
    write_json(out / "config.json", hf_config(cfg, ids))
    sentence_transformers_files(out, cfg.hidden_size)

    model = TinyModernBert(cfg).eval()
    init_weights(model, SEED)
    with torch.no_grad():
        check_padding_invariance(model, cfg.pad_token_id)
        export_onnx(model, out / "onnx" / "model.onnx", cfg.pad_token_id)

    write_json(out / "generation.json", {
        "generator": "scripts/test-model/generate.py",
        "seed": SEED,
        "torch": torch.__version__,
        "onnx": onnx.__version__,
        "python": sys.version.split()[0],
        "tiny_config": asdict(cfg),
        "tokenizer_corpus": [{"file": str(f.relative_to(repo)) if f.is_relative_to(repo) else str(f),
                              "sha256": hashlib.sha256(f.read_bytes()).hexdigest()} for f in files],
        "bpe_vocab_size": len(vocab),
        "bpe_merges": len(merges),
        "special_token_ids": ids,
    })
    print(f"wrote {out}: vocab {tokens} tokens (model vocab_size {cfg.vocab_size}), special ids {ids}")


if __name__ == "__main__":
    main()
