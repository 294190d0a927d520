// Matrix product, 2-D and batched (batch dimensions broadcast), as torch.matmul.
// Gradient rule for C = A·B: dA = dC·Bᵀ, dB = Aᵀ·dC (summed over broadcast batch dimensions).
import { fromOp } from '../autograd.ts';
import { Tensor, formatShape, shapeSize, toTensor } from '../tensor.ts';
import type { AbstractMatrix } from 'ml-matrix';
import { getBackend } from '../backend/backend.ts';
import { takeBuffer } from '../kernels/buffer-pool.ts';
import { broadcastIndex, broadcastShapes } from './broadcast.ts';
import { reshape } from './shape.ts';

export function matmul(aIn: Tensor | AbstractMatrix, bIn: Tensor | AbstractMatrix): Tensor {
  const a = toTensor(aIn, 'matmul', 'the first argument');
  const b = toTensor(bIn, 'matmul', 'the second argument');
  // The products run on the backend chosen now (backend.ts); the backward pass uses the same one.
  const { gemmNN, gemmNT, gemmTN } = getBackend();
  if (a.ndim === 0 || b.ndim === 0) {
    throw new Error(`matmul: both arguments need at least 1 dimension, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const k = a.shape[a.ndim - 1];
  const k2 = b.shape[Math.max(b.ndim - 2, 0)];
  if (k !== k2) {
    throw new Error(
      `matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be multiplied: ` +
        `the inner dimensions must agree (got ${k} and ${k2})`,
    );
  }
  // 1-D operands are promoted to matrices ((k) → (1, k) on the left, (k, 1) on the right)
  // and the added dimensions removed afterwards; 1-D · 1-D gives a 0-d scalar, as in PyTorch.
  if (a.ndim === 1 || b.ndim === 1) {
    const r = matmul(a.ndim === 1 ? reshape(a, [1, k]) : a, b.ndim === 1 ? reshape(b, [k2, 1]) : b);
    const shape = r.shape.slice(0, -2);
    if (a.ndim !== 1) shape.push(r.shape[r.ndim - 2]);
    if (b.ndim !== 1) shape.push(r.shape[r.ndim - 1]);
    return reshape(r, shape);
  }
  const m = a.shape[a.ndim - 2];
  const n = b.shape[b.ndim - 1];
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes(aBatch, bBatch, 'matmul');
  const batchCount = shapeSize(batch);
  const aIndex = broadcastIndex(aBatch, batch);
  const bIndex = broadcastIndex(bBatch, batch);
  const out = new Float64Array(batchCount * m * n);
  for (let s = 0; s < batchCount; s++) {
    gemmNN(m, n, k, a.data, aIndex[s] * m * k, b.data, bIndex[s] * k * n, out, s * m * n, false);
  }
  return fromOp(out, [...batch, m, n], [a, b], (g) => {
    // Zeroed buffers handed to the engine (large ones reused from the pool: see buffer-pool.ts).
    const ga = a.requiresGrad ? takeBuffer(a.data.length) : null;
    const gb = b.requiresGrad ? takeBuffer(b.data.length) : null;
    for (let s = 0; s < batchCount; s++) {
      // Accumulate: several output batches may come from one broadcast operand batch.
      if (ga) gemmNT(m, k, n, g, s * m * n, b.data, bIndex[s] * k * n, ga, aIndex[s] * m * k, true);
      if (gb) gemmTN(k, n, m, a.data, aIndex[s] * m * k, g, s * m * n, gb, bIndex[s] * k * n, true);
    }
    return [ga, gb];
  });
}
