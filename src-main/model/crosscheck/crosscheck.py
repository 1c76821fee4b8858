"""PyTorch side of the model cross-check (driven by crosscheck.ts; see ../README.md).

Usage: python3 crosscheck.py CASE.json
CASE.json names the checkpoint written by the project (`before`), the one written after one sftStep (`after`), the
fixed inputs and the project's own results. This script loads `before` into the independent implementation in
torch_llama.py, recomputes the per-token log-probs, runs one SFT step with torch.optim.AdamW (+ clip_grad_norm_)
from the same weights, and prints a JSON report of the differences.
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_llama import Llama, load_safetensors  # noqa: E402


def token_log_probs(model, tokens, targets, temperature):
    logits = model(tokens) / temperature  # (B, T, V)
    logp = torch.log_softmax(logits, dim=-1)
    return logp.gather(-1, targets.unsqueeze(-1)).squeeze(-1), -(logp.exp() * logp).sum(-1)


def main(case_path):
    with open(case_path) as f:
        case = json.load(f)
    torch.manual_seed(0)
    model = Llama.from_dir(case["before"])
    tokens = torch.tensor(case["tokens"])
    targets = torch.tensor(case["targets"])
    mask = torch.tensor(case["mask"], dtype=torch.float32)
    report = {"logprobs": []}

    with torch.no_grad():
        for run in case["scores"]:
            logp, entropy = token_log_probs(model, tokens, targets, run["temperature"])
            ours_logp = torch.tensor(run["logProbs"]).view_as(logp)
            ours_entropy = torch.tensor(run["entropy"]).view_as(entropy)
            report["logprobs"].append({
                "temperature": run["temperature"],
                "tokens": int(logp.numel()),
                "max_abs_diff_logprob": (logp - ours_logp).abs().max().item(),
                "max_abs_diff_entropy": (entropy - ours_entropy).abs().max().item(),
            })

    h = case["hyper"]
    names = model.hf_state_dict_names()
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        # The project decays matrices except the embedding (engine ParamLayout + model/transformer.ts).
        (decay if p.dim() >= 2 and not name.startswith("embed_tokens") else no_decay).append(p)
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": h["weightDecay"]}, {"params": no_decay, "weight_decay": 0.0}],
        lr=case["lr"], betas=(h["beta1"], h["beta2"]), eps=h["eps"],
    )
    logp, _ = token_log_probs(model, tokens, targets, 1.0)
    loss = -(logp * mask).sum() / (mask.sum() + 1e-8)  # verl's masked token mean
    opt.zero_grad()
    loss.backward()
    grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), h["maxGradNorm"])
    opt.step()

    after = load_safetensors(os.path.join(case["after"], "model.safetensors"))
    before = load_safetensors(os.path.join(case["before"], "model.safetensors"))
    # AdamW's first step moves each weight by about lr * sign(g) (m / sqrt(v) = g / |g|), so a weight whose gradient
    # is within float32 noise of zero may move by a different amount in each framework. Besides the largest
    # difference, report the relative L2 difference of the whole update and how many weights differ by > lr / 10.
    worst_name, worst, diff_sq, update_sq, far, count = None, 0.0, 0.0, 0.0, 0, 0
    with torch.no_grad():
        for name, p in model.named_parameters():
            hf = names[name]
            diff = p - after[hf]
            update = p - before[hf]
            if diff.abs().max().item() > worst:
                worst_name, worst = hf, diff.abs().max().item()
            diff_sq += diff.double().pow(2).sum().item()
            update_sq += update.double().pow(2).sum().item()
            far += int((diff.abs() > case["lr"] / 10).sum().item())
            count += p.numel()
    report["sft_step"] = {
        "loss_torch": loss.item(),
        "loss_ours": case["sft"]["loss"],
        "grad_norm_torch": grad_norm.item(),
        "grad_norm_ours": case["sft"]["gradNorm"],
        "max_abs_diff_params_after": worst,
        "worst_tensor": worst_name,
        "update_relative_l2_diff": (diff_sq / update_sq) ** 0.5,
        "weights_differing_by_over_lr_10": far,
        "weights": count,
    }
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main(sys.argv[1])
