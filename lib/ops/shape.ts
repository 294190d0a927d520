// Shape operations: they move values around, and their gradient moves them back.
import { fromOp } from '../autograd.ts';
import { Tensor, formatShape, shapeSize } from '../tensor.ts';
import { contiguousStrides, stridedOffsets } from './strided.ts';
import { takeBuffer } from '../kernels/buffer-pool.ts';

export function normalizeDim(dim: number, ndim: number, opName: string): number {
  const lo = ndim === 0 ? -1 : -ndim;
  const hi = ndim === 0 ? 0 : ndim - 1;
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new Error(`${opName}: dimension out of range (expected to be in range of [${lo}, ${hi}], but got ${dim})`);
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

export function clone(a: Tensor): Tensor {
  return fromOp(a.data.slice(), a.shape, [a], (g) => [g]);
}

export function reshape(a: Tensor, shape: number[]): Tensor {
  const inferred = shape.indexOf(-1);
  const known = shape.reduce((p, d) => (d === -1 ? p : p * d), 1);
  const target = shape.slice();
  if (inferred !== -1) {
    if (shape.indexOf(-1, inferred + 1) !== -1) throw new Error('reshape: only one dimension can be inferred (-1)');
    if (known === 0 || a.data.length % known !== 0) {
      throw new Error(`reshape: shape ${formatShape(shape)} is invalid for input of size ${a.data.length}`);
    }
    target[inferred] = a.data.length / known;
  }
  if (target.some((d) => !Number.isInteger(d) || d < 0) || shapeSize(target) !== a.data.length) {
    throw new Error(`reshape: shape ${formatShape(shape)} is invalid for input of size ${a.data.length}`);
  }
  // Storage is contiguous, so a reshape keeps the same values in the same order.
  return fromOp(a.data, target, [a], (g) => [g]);
}

/** General axis permutation; transpose, and the gradient of permute, are special cases. */
export function permute(a: Tensor, dims: number[]): Tensor {
  const ndim = a.ndim;
  if (dims.length !== ndim) {
    throw new Error(`permute: number of dims don't match: expected ${ndim}, got ${dims.length}`);
  }
  const perm = dims.map((d) => normalizeDim(d, ndim, 'permute'));
  if (new Set(perm).size !== ndim) throw new Error(`permute: repeated dim in ${formatShape(dims)}`);
  const outShape = perm.map((d) => a.shape[d]);
  const out = permuteData(a.data, a.shape, perm);
  const inverse = new Array<number>(ndim);
  perm.forEach((d, i) => (inverse[d] = i));
  return fromOp(out, outShape, [a], (g) => [permuteData(g, outShape, inverse)]);
}

function permuteData(data: Float64Array, shape: number[], perm: number[]): Float64Array {
  // Walk the permuted shape with the input's strides in permuted order: each step reads the next output value.
  const inStrides = contiguousStrides(shape);
  const source = stridedOffsets(perm.map((d) => shape[d]), perm.map((d) => inStrides[d]));
  const out = new Float64Array(data.length);
  for (let i = 0; i < out.length; i++) out[i] = data[source[i]];
  return out;
}

export function transpose(a: Tensor, dim0: number, dim1: number): Tensor {
  const d0 = normalizeDim(dim0, a.ndim, 'transpose');
  const d1 = normalizeDim(dim1, a.ndim, 'transpose');
  const perm = a.shape.map((_, i) => i);
  perm[d0] = d1;
  perm[d1] = d0;
  return permute(a, perm);
}

export function squeeze(a: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(a, a.shape.filter((d) => d !== 1));
  const d = normalizeDim(dim, a.ndim, 'squeeze');
  if (a.shape[d] !== 1) return reshape(a, a.shape);
  return reshape(a, a.shape.filter((_, i) => i !== d));
}

export function unsqueeze(a: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, a.ndim + 1, 'unsqueeze');
  const shape = a.shape.slice();
  shape.splice(d, 0, 1);
  return reshape(a, shape);
}

export function flatten(a: Tensor, startDim: number, endDim: number): Tensor {
  if (a.ndim === 0) return reshape(a, [1]);
  const s = normalizeDim(startDim, a.ndim, 'flatten');
  const e = normalizeDim(endDim, a.ndim, 'flatten');
  if (s > e) throw new Error(`flatten: startDim ${startDim} cannot come after endDim ${endDim}`);
  const merged = a.shape.slice(s, e + 1).reduce((x, y) => x * y, 1);
  return reshape(a, [...a.shape.slice(0, s), merged, ...a.shape.slice(e + 1)]);
}

/**
 * Copies, for each outer index, a contiguous run of `pick.length` inner blocks chosen by `pick`
 * along dimension `dim`. Used by narrow, slice, select and index; its gradient scatters back.
 */
function gatherAlong(a: Tensor, dim: number, pick: number[], outShape: number[]): Tensor {
  const shortcut = a.gatherDeferred(dim, pick, outShape); // e.g. one step of a batch-first RNN output
  if (shortcut !== null) return shortcut;
  const outer = shapeSize(a.shape.slice(0, dim));
  const inner = shapeSize(a.shape.slice(dim + 1));
  const size = a.shape[dim];
  const out = new Float64Array(outer * pick.length * inner);
  let o = 0;
  for (let p = 0; p < outer; p++) {
    for (const k of pick) {
      const src = (p * size + k) * inner;
      out.set(a.data.subarray(src, src + inner), o);
      o += inner;
    }
  }
  return fromOp(out, outShape, [a], (g) => {
    const ga = takeBuffer(a.data.length); // zeroed; a large one reused from the pool (buffer-pool.ts)
    let q = 0;
    for (let p = 0; p < outer; p++) {
      for (const k of pick) {
        const dst = (p * size + k) * inner;
        for (let j = 0; j < inner; j++) ga[dst + j] += g[q++];
      }
    }
    return [ga];
  });
}

export function select(a: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim(dim, a.ndim, 'select');
  const size = a.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new Error(`select: index ${index} out of range for dimension ${d} with size ${size}`);
  }
  const i = index < 0 ? index + size : index;
  return gatherAlong(a, d, [i], a.shape.filter((_, k) => k !== d));
}

export function narrow(a: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim(dim, a.ndim, 'narrow');
  const size = a.shape[d];
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > size) {
    throw new Error(`narrow: start (${start}) + length (${length}) exceeds dimension ${d} of size ${size}`);
  }
  const pick = Array.from({ length }, (_, k) => s + k);
  const shape = a.shape.slice();
  shape[d] = length;
  return gatherAlong(a, d, pick, shape);
}

export function slice(a: Tensor, dim: number, start?: number, end?: number, step = 1): Tensor {
  const d = normalizeDim(dim, a.ndim, 'slice');
  const size = a.shape[d];
  if (!Number.isInteger(step) || step <= 0) throw new Error(`slice: step must be a positive integer, got ${step}`);
  const clampIndex = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const s = start === undefined ? 0 : clampIndex(start);
  const e = end === undefined ? size : clampIndex(end);
  const pick: number[] = [];
  for (let k = s; k < e; k += step) pick.push(k);
  const shape = a.shape.slice();
  shape[d] = pick.length;
  return gatherAlong(a, d, pick, shape);
}

export function indexSelect(a: Tensor, dim: number, indices: number[] | Tensor): Tensor {
  const d = normalizeDim(dim, a.ndim, 'index');
  const list = indices instanceof Tensor ? Array.from(indices.data) : indices;
  const size = a.shape[d];
  const pick = list.map((i) => {
    if (!Number.isInteger(i) || i < -size || i >= size) {
      throw new Error(`index: index ${i} is out of bounds for dimension ${d} with size ${size}`);
    }
    return i < 0 ? i + size : i;
  });
  const shape = a.shape.slice();
  shape[d] = pick.length;
  return gatherAlong(a, d, pick, shape);
}

export function cat(tensors: Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('cat: expected a non-empty list of tensors');
  const first = tensors[0];
  tensors.forEach((t, k) => {
    if (t.ndim === 0) throw new Error(`cat: zero-dimensional tensor (at position ${k}) cannot be concatenated; expected at least 1 dimension, got shape []`);
  });
  const d = normalizeDim(dim, first.ndim, 'cat');
  for (const [k, t] of tensors.entries()) {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => i !== d && s !== first.shape[i])) {
      throw new Error(
        `cat: sizes of tensors must match except in dimension ${d}. Expected ${formatShape(first.shape)} ` +
          `(any size at dim ${d}), got ${formatShape(t.shape)} for tensor ${k} in the list`,
      );
    }
  }
  const outer = shapeSize(first.shape.slice(0, d));
  const inner = shapeSize(first.shape.slice(d + 1));
  const widths = tensors.map((t) => t.shape[d] * inner);
  const rowWidth = widths.reduce((x, y) => x + y, 0);
  const out = new Float64Array(outer * rowWidth);
  for (let p = 0; p < outer; p++) {
    let o = p * rowWidth;
    tensors.forEach((t, k) => {
      out.set(t.data.subarray(p * widths[k], (p + 1) * widths[k]), o);
      o += widths[k];
    });
  }
  const shape = first.shape.slice();
  shape[d] = tensors.reduce((s, t) => s + t.shape[d], 0);
  return fromOp(out, shape, tensors, (g) => {
    const grads = tensors.map((t) => new Float64Array(t.data.length));
    for (let p = 0; p < outer; p++) {
      let o = p * rowWidth;
      tensors.forEach((_, k) => {
        grads[k].set(g.subarray(o, o + widths[k]), p * widths[k]);
        o += widths[k];
      });
    }
    return grads;
  });
}

export function stack(tensors: Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('stack: expected a non-empty list of tensors');
  const first = tensors[0];
  for (const [k, t] of tensors.entries()) {
    if (t.ndim !== first.ndim || t.shape.some((s, i) => s !== first.shape[i])) {
      throw new Error(`stack: expects each tensor to be equal size, but got ${formatShape(first.shape)} at entry 0 and ${formatShape(t.shape)} at entry ${k}`);
    }
  }
  const d = normalizeDim(dim, first.ndim + 1, 'stack');
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}
