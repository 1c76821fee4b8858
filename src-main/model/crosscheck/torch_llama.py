"""An independent PyTorch Llama/Qwen2 decoder, written from transformers' modeling_llama.py semantics, used as the
oracle of the cross-check (crosscheck.py) and as the PyTorch side of the model benchmark (../bench/torch_bench.py).

It reads a checkpoint directory as transformers would: config.json (Hugging Face field names) and
model.safetensors (HF tensor names, nn.Linear weights [out, in]). Debian's torch 1.13 has no safetensors package,
so load_safetensors() parses the format directly (an 8-byte little-endian header length, a JSON header, raw
little-endian data) for the F32 tensors our checkpoints hold.

Shapes: B batch, T time, C hidden, H query heads, K key/value heads, D head size, V vocabulary.
"""
import json
import math
import os
import struct

import torch
import torch.nn.functional as F
from torch import nn


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_len])
    header.pop("__metadata__", None)
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {entry['dtype']}, this loader reads F32 only")
        begin, end = entry["data_offsets"]
        raw = bytearray(data[8 + header_len + begin : 8 + header_len + end])
        tensors[name] = torch.frombuffer(raw, dtype=torch.float32).reshape(entry["shape"]).clone()
    return tensors


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        C, H, K = cfg["hidden_size"], cfg["num_attention_heads"], cfg["num_key_value_heads"]
        D = C // H
        bias = cfg.get("model_type") == "qwen2"
        self.H, self.K, self.D = H, K, D
        self.input_layernorm = RMSNorm(C, cfg["rms_norm_eps"])
        self.q_proj = nn.Linear(C, H * D, bias=bias)
        self.k_proj = nn.Linear(C, K * D, bias=bias)
        self.v_proj = nn.Linear(C, K * D, bias=bias)
        self.o_proj = nn.Linear(H * D, C, bias=False)
        self.post_attention_layernorm = RMSNorm(C, cfg["rms_norm_eps"])
        F_ = cfg["intermediate_size"]
        self.gate_proj = nn.Linear(C, F_, bias=False)
        self.up_proj = nn.Linear(C, F_, bias=False)
        self.down_proj = nn.Linear(F_, C, bias=False)

    def forward(self, x, cos, sin, mask, cache=None, start=0):
        """x (B, T, C); cos/sin (T, D); mask (T, S) additive or None; cache: (keys, values) (B, K, S_max, D)."""
        B, T, _ = x.shape
        h = self.input_layernorm(x)
        q = self.q_proj(h).view(B, T, self.H, self.D).transpose(1, 2)  # (B, H, T, D)
        k = self.k_proj(h).view(B, T, self.K, self.D).transpose(1, 2)  # (B, K, T, D)
        v = self.v_proj(h).view(B, T, self.K, self.D).transpose(1, 2)  # (B, K, T, D)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if cache is not None:
            cache[0][:, :, start : start + T] = k
            cache[1][:, :, start : start + T] = v
            k = cache[0][:, :, : start + T]  # (B, K, S, D)
            v = cache[1][:, :, : start + T]
        G = self.H // self.K
        if G > 1:  # repeat_kv: query head h reads key/value head h // G
            k = k.repeat_interleave(G, dim=1)
            v = v.repeat_interleave(G, dim=1)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.D)  # (B, H, T, S)
        if mask is not None:
            scores = scores + mask
        out = torch.softmax(scores, dim=-1) @ v  # (B, H, T, D)
        x = x + self.o_proj(out.transpose(1, 2).reshape(B, T, self.H * self.D))
        h = self.post_attention_layernorm(x)
        return x + self.down_proj(F.silu(self.gate_proj(h)) * self.up_proj(h))


class RMSNorm(nn.Module):
    def __init__(self, width, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))
        self.eps = eps

    def forward(self, x):
        return self.weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps))


class Llama(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        C, V = cfg["hidden_size"], cfg["vocab_size"]
        self.embed_tokens = nn.Embedding(V, C)
        self.layers = nn.ModuleList(Block(cfg) for _ in range(cfg["num_hidden_layers"]))
        self.norm = RMSNorm(C, cfg["rms_norm_eps"])
        self.tied = cfg.get("tie_word_embeddings", False)
        self.lm_head = None if self.tied else nn.Linear(C, V, bias=False)
        D = C // cfg["num_attention_heads"]
        theta = cfg.get("rope_theta", 10000.0)
        # transformers: inv_freq = 1 / theta^(2i/D) in float32, emb = cat(freqs, freqs).
        self.inv_freq = 1.0 / (theta ** (torch.arange(0, D, 2, dtype=torch.int64).float() / D))

    def rope(self, positions):
        freqs = positions.float()[:, None] * self.inv_freq[None, :]  # (T, D/2)
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos(), emb.sin()

    def forward(self, ids, caches=None, start=0):
        """ids (B, T) -> logits (B, T, V). With caches, positions start..start+T-1 are appended to them."""
        T = ids.shape[1]
        cos, sin = self.rope(torch.arange(start, start + T))
        S = start + T
        mask = None
        if T > 1:
            mask = torch.full((T, S), float("-inf")).triu(start + 1)
        x = self.embed_tokens(ids)
        for i, layer in enumerate(self.layers):
            x = layer(x, cos, sin, mask, None if caches is None else caches[i], start)
        x = self.norm(x)
        return x @ self.embed_tokens.weight.T if self.tied else self.lm_head(x)

    def new_caches(self, batch, capacity):
        K = self.cfg["num_key_value_heads"]
        D = self.cfg["hidden_size"] // self.cfg["num_attention_heads"]
        return [(torch.zeros(batch, K, capacity, D), torch.zeros(batch, K, capacity, D)) for _ in self.layers]

    def hf_state_dict_names(self):
        """Our parameter names -> the checkpoint's HF names (the Linear/Embedding names match transformers')."""
        names = {}
        for name, _ in self.named_parameters():
            if name.startswith("layers."):
                layer, rest = name[len("layers.") :].split(".", 1)
                module = rest.split(".")[0]
                group = "self_attn" if module in ("q_proj", "k_proj", "v_proj", "o_proj") else "mlp" if module.endswith("_proj") else None
                names[name] = f"model.layers.{layer}.{group}.{rest}" if group else f"model.layers.{layer}.{rest}"
            elif name.startswith("lm_head"):
                names[name] = name
            else:
                names[name] = f"model.{name}"
        return names

    @staticmethod
    def from_dir(path):
        with open(os.path.join(path, "config.json")) as f:
            cfg = json.load(f)
        model = Llama(cfg)
        tensors = load_safetensors(os.path.join(path, "model.safetensors"))
        with torch.no_grad():
            for ours, hf in model.hf_state_dict_names().items():
                param = dict(model.named_parameters())[ours]
                if tuple(tensors[hf].shape) != tuple(param.shape):
                    raise ValueError(f"{hf}: shape {list(tensors[hf].shape)}, expected {list(param.shape)}")
                param.copy_(tensors[hf])
        return model
