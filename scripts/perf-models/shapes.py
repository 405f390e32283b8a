"""The shapes of the published embedding models codeloupe knows, for random-weight speed models.

Weights do not change speed, so a model with a real model's exact shape (layers, width, MLP size, heads,
vocabulary, attention pattern) and random weights runs exactly as fast as the real one. These are speed
models only: their vectors mean nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    name: str
    #: The registry models (Hugging Face ids) that have this shape.
    models: tuple[str, ...]
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    vocab_size: int
    global_rope_theta: float
    pooling: str  # 'cls' or 'mean'

    @property
    def parameters(self) -> int:
        h, i, v, n = self.hidden_size, self.intermediate_size, self.vocab_size, self.num_hidden_layers
        per_layer = 3 * h * h + h * h + h * 2 * i + i * h + 2 * h  # Wqkv, Wo, Wi (GeGLU), Wo, two norms
        return v * h + h + n * per_layer + h


# From the models' config.json files (ModernBERT: local attention 128, a global layer every 3rd).
SHAPES: dict[str, Shape] = {
    "base": Shape(
        name="base",
        models=("Alibaba-NLP/gte-modernbert-base", "nomic-ai/modernbert-embed-base", "ibm-granite/granite-embedding-english-r2"),
        hidden_size=768, num_hidden_layers=22, num_attention_heads=12, intermediate_size=1152, vocab_size=50368,
        global_rope_theta=160000.0, pooling="cls",
    ),
    "small": Shape(
        name="small",
        models=("ibm-granite/granite-embedding-small-english-r2",),
        hidden_size=384, num_hidden_layers=12, num_attention_heads=12, intermediate_size=1536, vocab_size=50368,
        global_rope_theta=80000.0, pooling="cls",
    ),
    "large": Shape(
        name="large",
        models=("lightonai/modernbert-embed-large",),
        hidden_size=1024, num_hidden_layers=28, num_attention_heads=16, intermediate_size=2624, vocab_size=50368,
        global_rope_theta=160000.0, pooling="mean",
    ),
}
