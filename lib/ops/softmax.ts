// Softmax and log-softmax along one dimension, computed stably (shifted by the max).
import { fromOp } from '../autograd.ts';
import { Tensor, shapeSize } from '../tensor.ts';
import { normalizeDim } from './shape.ts';

function blocks(a: Tensor, dim: number, opName: string) {
  const d = normalizeDim(dim, a.ndim, opName);
  return { outer: shapeSize(a.shape.slice(0, d)), size: a.shape[d] ?? 1, inner: shapeSize(a.shape.slice(d + 1)) };
}

/** log softmax(x)_k = x_k - max - log Σ_j exp(x_j - max) */
export function logSoftmax(a: Tensor, dim: number): Tensor {
  const { outer, size, inner } = blocks(a, dim, 'logSoftmax');
  const x = a.data;
  const out = new Float64Array(x.length);
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const base = p * size * inner + j;
      let max = -Infinity;
      for (let k = 0; k < size; k++) max = Math.max(max, x[base + k * inner]);
      let total = 0;
      for (let k = 0; k < size; k++) total += Math.exp(x[base + k * inner] - max);
      const logTotal = Math.log(total) + max;
      for (let k = 0; k < size; k++) out[base + k * inner] = x[base + k * inner] - logTotal;
    }
  }
  // d/dx_k: g_k - softmax_k · Σ_j g_j
  return fromOp(out, a.shape, [a], (g) => {
    const ga = new Float64Array(x.length);
    for (let p = 0; p < outer; p++) {
      for (let j = 0; j < inner; j++) {
        const base = p * size * inner + j;
        let gSum = 0;
        for (let k = 0; k < size; k++) gSum += g[base + k * inner];
        for (let k = 0; k < size; k++) {
          const i = base + k * inner;
          ga[i] = g[i] - Math.exp(out[i]) * gSum;
        }
      }
    }
    return [ga];
  });
}

/** softmax(x)_k = exp(x_k - max) / Σ_j exp(x_j - max) */
export function softmax(a: Tensor, dim: number): Tensor {
  const { outer, size, inner } = blocks(a, dim, 'softmax');
  const x = a.data;
  const out = new Float64Array(x.length);
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      const base = p * size * inner + j;
      let max = -Infinity;
      for (let k = 0; k < size; k++) max = Math.max(max, x[base + k * inner]);
      let total = 0;
      for (let k = 0; k < size; k++) {
        const e = Math.exp(x[base + k * inner] - max);
        out[base + k * inner] = e;
        total += e;
      }
      for (let k = 0; k < size; k++) out[base + k * inner] /= total;
    }
  }
  // d/dx_k: s_k (g_k - Σ_j g_j s_j)
  return fromOp(out, a.shape, [a], (g) => {
    const ga = new Float64Array(x.length);
    for (let p = 0; p < outer; p++) {
      for (let j = 0; j < inner; j++) {
        const base = p * size * inner + j;
        let dot = 0;
        for (let k = 0; k < size; k++) dot += g[base + k * inner] * out[base + k * inner];
        for (let k = 0; k < size; k++) {
          const i = base + k * inner;
          ga[i] = out[i] * (g[i] - dot);
        }
      }
    }
    return [ga];
  });
}
