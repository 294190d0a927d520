#!/usr/bin/env python3
"""The workload of scripts/bench.ts in PyTorch, for comparison (optional; tests and CI never run it).

The course's sine predictor: 1000 windows of 30 points of sin (two periods per window, random
phase), predict the next point; RNN(1, 32, batch_first) + Linear(32, 1) on the last output,
batch 32 shuffled every epoch, MSE, Adam lr 0.01, 50 epochs; one CPU thread.

    /usr/bin/python3 scripts/bench_torch.py            # a readable report
    /usr/bin/python3 scripts/bench_torch.py --json     # one JSON line per dtype (read by bench.ts)
    /usr/bin/python3 scripts/bench_torch.py --workload lstm-h128 --dtypes float64 --steps 6
"""

import json
import math
import sys
import time

import torch
import torch.nn as nn

SEQ_LEN, SAMPLES, HIDDEN, BATCH, EPOCHS, LR = 30, 1000, 32, 32, 50, 0.01


class SinPredictor(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(1, HIDDEN, batch_first=True)
        self.fc = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :]).squeeze(-1)


def sine_data():
    starts = torch.rand(SAMPLES) * 2 * math.pi
    steps = torch.arange(SEQ_LEN + 1) * (4 * math.pi / SEQ_LEN)
    seq = torch.sin(starts[:, None] + steps[None, :])
    return seq[:, :SEQ_LEN, None], seq[:, SEQ_LEN]


def run(dtype):
    torch.set_default_dtype(dtype)
    torch.manual_seed(0)
    x, y = sine_data()
    model = SinPredictor()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    loss_fn = nn.MSELoss()
    steps = 0
    start = time.perf_counter()
    for _ in range(EPOCHS):
        order = torch.randperm(SAMPLES)
        total = 0.0
        batches = 0
        for b in range(0, SAMPLES, BATCH):
            idx = order[b:b + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
            total += loss.item()
            batches += 1
            steps += 1
        epoch_loss = total / batches
    wall = time.perf_counter() - start
    return {
        "impl": f"PyTorch {torch.__version__} {str(dtype).replace('torch.', '')}",
        "dtype": str(dtype).replace("torch.", ""),
        "wallSeconds": wall,
        "steps": steps,
        "msPerStep": 1000 * wall / steps,
        "finalLoss": epoch_loss,
    }


SEQUENCE_WORKLOADS = {  # the larger workloads of scripts/bench/workloads.ts
    "rnn-h128": ("RNN", 128, 1, False),
    "rnn-h256": ("RNN", 256, 1, False),
    "lstm-h64": ("LSTM", 64, 1, False),
    "lstm-h128": ("LSTM", 128, 1, False),
    "gru-h64": ("GRU", 64, 1, False),
    "birnn2-h64": ("RNN", 64, 2, True),
}


class SequenceModel(nn.Module):
    def __init__(self, kind, hidden, layers, bidirectional):
        super().__init__()
        self.rnn = getattr(nn, kind)(16, hidden, num_layers=layers, bidirectional=bidirectional)
        self.fc = nn.Linear(hidden * (2 if bidirectional else 1), 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out)


def run_sequence(name, dtype, steps, warmup):
    """Batch 32, T = 100, input 16, MSE on every step, forward + backward + Adam."""
    torch.set_default_dtype(dtype)
    torch.manual_seed(0)
    model = SequenceModel(*SEQUENCE_WORKLOADS[name])
    x = torch.randn(100, 32, 16)
    target = torch.randn(100, 32, 1)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()
    for s in range(warmup + steps):
        if s == warmup:
            start = time.perf_counter()
        optimizer.zero_grad()
        loss = loss_fn(model(x), target)
        loss.backward()
        optimizer.step()
    wall = time.perf_counter() - start
    return {
        "impl": f"PyTorch {torch.__version__} {str(dtype).replace('torch.', '')}",
        "dtype": str(dtype).replace("torch.", ""),
        "wallSeconds": wall,
        "steps": steps,
        "msPerStep": 1000 * wall / steps,
        "finalLoss": loss.item(),
    }


def blas_in_use():
    """The BLAS library this process really loaded (Debian's torch links libblas.so.3, an alternative)."""
    torch.ones(64, 64, dtype=torch.float64) @ torch.ones(64, 64, dtype=torch.float64)
    with open("/proc/self/maps") as maps:
        libs = {line.split()[-1] for line in maps if "blas" in line.lower() or "mkl" in line.lower()}
    names = sorted({lib.rsplit("/", 1)[-1] for lib in libs})
    return ", ".join(names) or "built-in"


def option(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def main():
    torch.set_num_threads(1)
    workload = option("--workload", "sine")
    dtypes = [getattr(torch, d) for d in option("--dtypes", "float64,float32").split(",")]
    if workload == "sine":
        results = [run(d) for d in dtypes]
    else:
        steps, warmup = int(option("--steps", "10")), int(option("--warmup", "1"))
        results = [run_sequence(workload, d, steps, warmup) for d in dtypes]
    blas = blas_in_use()
    for r in results:
        r["blas"] = blas
        r["threads"] = torch.get_num_threads()
    if "--json" in sys.argv:
        for r in results:
            print(json.dumps(r))
    else:
        for r in results:
            print(f"{r['impl']} ({blas}): {r['msPerStep']:.3f} ms/step, final loss {r['finalLoss']:.6f}")


if __name__ == "__main__":
    main()
