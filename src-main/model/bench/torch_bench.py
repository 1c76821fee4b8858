"""PyTorch side of `npm run bench:model` (driven by model.bench.ts; same line protocol as onnx-worker.ts).

Usage: python3 torch_bench.py WORKLOAD CONFIG_JSON
WORKLOAD is train or decode; CONFIG_JSON holds the model's Hugging Face config and the workload sizes, so this
process runs exactly the project's workload with the independent PyTorch model of ../crosscheck/torch_llama.py:
- train: forward, token cross-entropy, backward, clip_grad_norm_, torch.optim.AdamW step (eager, float32);
- decode: prefill, then one forward per new token with a preallocated KV cache, sampling with torch.multinomial.
Commands on stdin: "run N" -> {"times": [ms, ...]}, "exit" -> {"maxRssMB": ...}.
"""
import json
import os
import resource
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crosscheck"))
from torch_llama import Llama  # noqa: E402


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main(workload, spec):
    torch.set_num_threads(spec["threads"])
    torch.manual_seed(0)
    cfg = spec["config"]
    model = Llama(cfg)
    V = cfg["vocab_size"]

    if workload == "train":
        B, T = spec["batch"], spec["seq"]
        h = spec["hyper"]
        decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and not n.startswith("embed_tokens")]
        no_decay = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and not n.startswith("embed_tokens"))]
        opt = torch.optim.AdamW(
            [{"params": decay, "weight_decay": h["weightDecay"]}, {"params": no_decay, "weight_decay": 0.0}],
            lr=1e-3, betas=(h["beta1"], h["beta2"]), eps=h["eps"],
        )
        tokens = torch.randint(0, V, (B, T))
        targets = torch.randint(0, V, (B, T))

        def once():
            logits = model(tokens)
            loss = F.cross_entropy(logits.view(-1, V), targets.view(-1))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), h["maxGradNorm"])
            opt.step()

    elif workload == "decode":
        N, P, new = spec["sequences"], spec["prompt"], spec["newTokens"]
        prompts = torch.randint(0, V, (N, P))

        @torch.no_grad()
        def once():
            caches = model.new_caches(N, P + new - 1)
            logits = model(prompts, caches, 0)[:, -1]
            out = []
            for i in range(new):
                token = torch.multinomial(torch.softmax(logits, dim=-1), 1)  # (N, 1), temperature 1
                out.append(token)
                if i + 1 < new:
                    logits = model(token, caches, P + i)[:, -1]
            return torch.cat(out, dim=1)

    else:
        raise SystemExit(f"unknown workload {workload}")

    once()
    once()
    reply({"ready": True, "threads": torch.get_num_threads(), "torch": torch.__version__})
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "run":
            times = []
            for _ in range(int(parts[1])):
                t0 = time.perf_counter()
                once()
                times.append((time.perf_counter() - t0) * 1000)
            reply({"times": times})
        elif parts[0] == "exit":
            reply({"maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
            break


if __name__ == "__main__":
    main(sys.argv[1], json.loads(sys.argv[2]))
