"""A small ModernBERT encoder in plain torch 1.13, shaped like Hugging Face's `ModernBertModel` (eager path).

Same structure as ModernBERT-base, only smaller: token embeddings followed by a LayerNorm without bias;
pre-LayerNorm blocks (the first block has no attention norm, as in ModernBERT) with no bias anywhere;
fused Wqkv projection; rotary position embeddings with theta `global_rope_theta` on global layers and
`local_rope_theta` on local ones; local layers attend to keys within +-local_attention/2 positions;
every `global_attn_every_n_layers`-th layer (0, 3, ...) is global; GeGLU MLP (Wi gives input and gate);
a final LayerNorm. Masks are built from runtime shapes so the ONNX export keeps dynamic batch and length.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

# Added to attention scores of masked keys. Finite, so a query whose keys are all masked (a padded
# position far from any real token in a local layer) gets a uniform softmax instead of NaN.
MASKED_SCORE = -1.0e9


@dataclass(frozen=True)
class TinyConfig:
    vocab_size: int
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    local_attention: int
    global_attn_every_n_layers: int
    global_rope_theta: float
    local_rope_theta: float
    norm_eps: float
    pad_token_id: int

    @property
    def head_dim(self) -> int:
        return self.hidden_size // self.num_attention_heads

    def is_global(self, layer_id: int) -> bool:
        return layer_id % self.global_attn_every_n_layers == 0


class NoBiasLayerNorm(nn.Module):
    """LayerNorm with a weight and no bias (torch 1.13's nn.LayerNorm has no `bias=False`)."""

    def __init__(self, size: int, eps: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(size))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.layer_norm(x, self.weight.shape, self.weight, None, self.eps)


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Rotary(nn.Module):
    """cos/sin tables for the positions 0..seq_len-1, computed from the runtime positions tensor."""

    def __init__(self, head_dim: int, theta: float) -> None:
        super().__init__()
        inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, positions: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        freqs = positions.to(torch.float32)[:, None] * self.inv_freq[None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos()[None, None], emb.sin()[None, None]


class Attention(nn.Module):
    def __init__(self, cfg: TinyConfig, layer_id: int) -> None:
        super().__init__()
        self.heads = cfg.num_attention_heads
        self.head_dim = cfg.head_dim
        self.Wqkv = nn.Linear(cfg.hidden_size, 3 * cfg.hidden_size, bias=False)
        self.Wo = nn.Linear(cfg.hidden_size, cfg.hidden_size, bias=False)
        theta = cfg.global_rope_theta if cfg.is_global(layer_id) else cfg.local_rope_theta
        self.rotary = Rotary(cfg.head_dim, theta)

    def forward(self, x: torch.Tensor, positions: torch.Tensor, score_bias: torch.Tensor) -> torch.Tensor:
        batch, seq = x.shape[0], x.shape[1]
        qkv = self.Wqkv(x).view(batch, seq, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]  # [batch, heads, seq, head_dim]
        cos, sin = self.rotary(positions)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim) + score_bias
        out = torch.matmul(torch.softmax(scores, dim=-1), v)
        out = out.transpose(1, 2).reshape(batch, seq, self.heads * self.head_dim)
        return self.Wo(out)


class GeGLU(nn.Module):
    def __init__(self, cfg: TinyConfig) -> None:
        super().__init__()
        self.Wi = nn.Linear(cfg.hidden_size, 2 * cfg.intermediate_size, bias=False)
        self.Wo = nn.Linear(cfg.intermediate_size, cfg.hidden_size, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        inp, gate = self.Wi(x).chunk(2, dim=-1)
        return self.Wo(F.gelu(inp) * gate)


class EncoderLayer(nn.Module):
    def __init__(self, cfg: TinyConfig, layer_id: int) -> None:
        super().__init__()
        self.is_global = cfg.is_global(layer_id)
        # ModernBERT: layer 0 takes the already normalised embeddings, so it has no attention norm.
        self.attn_norm: nn.Module = nn.Identity() if layer_id == 0 else NoBiasLayerNorm(cfg.hidden_size, cfg.norm_eps)
        self.attn = Attention(cfg, layer_id)
        self.mlp_norm = NoBiasLayerNorm(cfg.hidden_size, cfg.norm_eps)
        self.mlp = GeGLU(cfg)

    def forward(self, x: torch.Tensor, positions: torch.Tensor, global_bias: torch.Tensor, local_bias: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.attn_norm(x), positions, global_bias if self.is_global else local_bias)
        return x + self.mlp(self.mlp_norm(x))


class TinyModernBert(nn.Module):
    def __init__(self, cfg: TinyConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.tok_embeddings = nn.Embedding(cfg.vocab_size, cfg.hidden_size, padding_idx=cfg.pad_token_id)
        self.emb_norm = NoBiasLayerNorm(cfg.hidden_size, cfg.norm_eps)
        self.layers = nn.ModuleList(EncoderLayer(cfg, i) for i in range(cfg.num_hidden_layers))
        self.final_norm = NoBiasLayerNorm(cfg.hidden_size, cfg.norm_eps)

    def score_biases(self, attention_mask: torch.Tensor, positions: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Additive score masks: padding only (global layers) and padding + sliding window (local layers)."""
        key_ok = attention_mask[:, None, None, :] > 0  # [batch, 1, 1, seq]
        distance = (positions[None, :] - positions[:, None]).abs()
        in_window = (distance <= self.cfg.local_attention // 2)[None, None]  # [1, 1, seq, seq]
        global_bias = (~key_ok).to(torch.float32) * MASKED_SCORE
        local_bias = (~(key_ok & in_window)).to(torch.float32) * MASKED_SCORE
        return global_bias, local_bias

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        global_bias, local_bias = self.score_biases(attention_mask, positions)
        x = self.emb_norm(self.tok_embeddings(input_ids))
        for layer in self.layers:
            x = layer(x, positions, global_bias, local_bias)
        return self.final_norm(x)


def init_weights(model: TinyModernBert, seed: int) -> None:
    """Fixed random weights: N(0, 1/fan_in) for linear layers so that attention and the MLP visibly change
    the residual stream (ModernBERT's 0.02 init would leave every output close to its token embedding),
    N(0, 1) embeddings with a zero padding row, and LayerNorm weights drawn around 1."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, param in model.named_parameters():
            if name.endswith("tok_embeddings.weight"):
                param.copy_(torch.randn(param.shape, generator=gen))
                param[model.cfg.pad_token_id].zero_()
            elif param.dim() == 2:
                param.copy_(torch.randn(param.shape, generator=gen) / math.sqrt(param.shape[1]))
            else:
                param.copy_(1.0 + 0.1 * torch.randn(param.shape, generator=gen))
