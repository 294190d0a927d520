#!/usr/bin/env python3
"""The workload of scripts/bench.ts in PyTorch, for comparison (optional; tests and CI never run it).

The course's sine predictor: 1000 windows of 30 points of sin (two periods per window, random
phase), predict the next point; RNN(1, 32, batch_first) + Linear(32, 1) on the last output,
batch 32 shuffled every epoch, MSE, Adam lr 0.01, 50 epochs; one CPU thread.

    /usr/bin/python3 scripts/bench_torch.py            # a readable report
    /usr/bin/python3 scripts/bench_torch.py --json     # one JSON line per dtype (read by bench.ts)
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


def main():
    torch.set_num_threads(1)
    results = [run(torch.float64), run(torch.float32)]
    if "--json" in sys.argv:
        for r in results:
            print(json.dumps(r))
    else:
        for r in results:
            print(f"{r['impl']}: {r['wallSeconds']:.2f} s, {r['msPerStep']:.3f} ms/step, final loss {r['finalLoss']:.6f}")


if __name__ == "__main__":
    main()
