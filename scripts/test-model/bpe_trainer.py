"""Byte-level BPE training and tokenizer.json writing, in the layout of ModernBERT's tokenizer.

Debian has no `python3-tokenizers`, so this is a small, deterministic trainer: the GPT-2 byte-to-unicode
mapping, the same pre-tokenizer regex as the ByteLevel pre-tokenizer that ModernBERT's tokenizer.json uses,
and merge counting over the distinct pre-tokenized words with incremental pair-count updates.
Ties between equally frequent pairs are broken by the pair's text, so a given corpus always gives the same
merges.
"""

from __future__ import annotations

import heapq
import unicodedata
from collections import Counter, defaultdict

import regex

# The ByteLevel pre-tokenizer's regex (GPT-2), as in Hugging Face tokenizers with use_regex=true.
PRE_TOKENIZER_PATTERN = regex.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
)

# ModernBERT puts its BERT-style special tokens after the BPE vocabulary, in this order.
SPECIAL_TOKENS = ["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"]


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible map from bytes to printable unicode characters (byte order = base vocab order)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    codes = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            codes.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(printable, codes)}


BYTE_ENCODER = bytes_to_unicode()


def pre_tokenize(text: str) -> list[str]:
    """NFC-normalise, split with the ByteLevel regex and map each piece's UTF-8 bytes to unicode symbols."""
    text = unicodedata.normalize("NFC", text)
    return ["".join(BYTE_ENCODER[b] for b in piece.encode("utf-8")) for piece in PRE_TOKENIZER_PATTERN.findall(text)]


class _MergeState:
    """Distinct words as symbol lists, their counts, pair counts, and which words hold each pair."""

    def __init__(self, word_counts: Counter[str]) -> None:
        ordered = sorted(word_counts.items())
        self.words: list[list[str]] = [list(w) for w, _ in ordered]
        self.counts: list[int] = [c for _, c in ordered]
        self.pair_counts: dict[tuple[str, str], int] = defaultdict(int)
        self.where: dict[tuple[str, str], set[int]] = defaultdict(set)
        for i, symbols in enumerate(self.words):
            for pair in zip(symbols, symbols[1:]):
                self.pair_counts[pair] += self.counts[i]
                self.where[pair].add(i)

    def apply(self, pair: tuple[str, str]) -> set[tuple[str, str]]:
        """Merge `pair` everywhere; return the pairs whose counts changed."""
        a, b = pair
        merged = a + b
        touched: set[tuple[str, str]] = set()
        for i in sorted(self.where.pop(pair, set())):
            symbols, count = self.words[i], self.counts[i]
            for old in zip(symbols, symbols[1:]):
                self.pair_counts[old] -= count
                touched.add(old)
            out: list[str] = []
            j = 0
            while j < len(symbols):
                if j + 1 < len(symbols) and symbols[j] == a and symbols[j + 1] == b:
                    out.append(merged)
                    j += 2
                else:
                    out.append(symbols[j])
                    j += 1
            self.words[i] = out
            for new in zip(out, out[1:]):
                self.pair_counts[new] += count
                self.where[new].add(i)
                touched.add(new)
        self.pair_counts.pop(pair, None)
        touched.discard(pair)
        return touched


def train_bpe(texts: list[str], vocab_size: int, min_frequency: int = 2) -> tuple[dict[str, int], list[list[str]]]:
    """Train byte-level BPE until the vocabulary (256 byte symbols + merges) holds `vocab_size` tokens."""
    word_counts: Counter[str] = Counter()
    for text in texts:
        word_counts.update(pre_tokenize(text))
    vocab: dict[str, int] = {sym: i for i, sym in enumerate(BYTE_ENCODER.values())}
    merges: list[list[str]] = []
    state = _MergeState(word_counts)
    heap = [(-c, p) for p, c in state.pair_counts.items()]
    heapq.heapify(heap)
    while len(vocab) < vocab_size and heap:
        neg, pair = heapq.heappop(heap)
        current = state.pair_counts.get(pair, 0)
        if current != -neg:
            if current > 0:
                heapq.heappush(heap, (-current, pair))
            continue
        if current < min_frequency:
            break
        token = pair[0] + pair[1]
        merges.append([pair[0], pair[1]])
        if token not in vocab:
            vocab[token] = len(vocab)
        for changed in state.apply(pair):
            count = state.pair_counts.get(changed, 0)
            if count > 0:
                heapq.heappush(heap, (-count, changed))
    return vocab, merges


def _added_token(token_id: int, content: str) -> dict[str, object]:
    return {
        "id": token_id,
        "content": content,
        "single_word": False,
        "lstrip": content == "[MASK]",
        "rstrip": False,
        "normalized": False,
        "special": True,
    }


def special_token_ids(vocab: dict[str, int]) -> dict[str, int]:
    """Ids of the special tokens, which follow the BPE vocabulary as in ModernBERT."""
    return {tok: len(vocab) + i for i, tok in enumerate(SPECIAL_TOKENS)}


def tokenizer_json(vocab: dict[str, int], merges: list[list[str]]) -> dict[str, object]:
    """A tokenizer.json shaped like ModernBERT's: NFC, ByteLevel, BPE, "[CLS] $A [SEP]" template."""
    ids = special_token_ids(vocab)

    def special(name: str) -> dict[str, object]:
        return {"id": name, "ids": [ids[name]], "tokens": [name]}

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [_added_token(ids[t], t) for t in SPECIAL_TOKENS],
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [
                {"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
            ],
            "pair": [
                {"SpecialToken": {"id": "[CLS]", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "[SEP]", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 1}},
                {"SpecialToken": {"id": "[SEP]", "type_id": 1}},
            ],
            "special_tokens": {"[CLS]": special("[CLS]"), "[SEP]": special("[SEP]")},
        },
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": vocab,
            "merges": merges,
        },
    }
