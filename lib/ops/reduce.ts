// Reductions. Every one views the tensor as (outer, reduced, inner) blocks; the gradient
// spreads each output's gradient back over the elements it summarised.
import { fromOp } from '../autograd.ts';
import { Tensor, shapeSize } from '../tensor.ts';
import { normalizeDim } from './shape.ts';
import { contiguousStrides, stridedOffsets } from './strided.ts';

function reducedDims(a: Tensor, dim: number | number[] | undefined, opName: string): number[] {
  if (dim === undefined) return a.shape.map((_, i) => i);
  const dims = (Array.isArray(dim) ? dim : [dim]).map((d) => normalizeDim(d, a.ndim, opName));
  return [...new Set(dims)].sort((x, y) => x - y);
}

/** For each input element, the flat index of the output element it is reduced into. */
function reductionIndex(shape: number[], dims: number[]): { target: Int32Array; outShape: number[]; keptShape: number[] } {
  const keptShape = shape.map((d, i) => (dims.includes(i) ? 1 : d));
  // Walk the input with the output's strides, 0 along reduced dimensions: reduced elements share a target.
  const outStrides = contiguousStrides(keptShape).map((s, d) => (dims.includes(d) ? 0 : s));
  return { target: stridedOffsets(shape, outStrides), outShape: shape.filter((_, i) => !dims.includes(i)), keptShape };
}

export function sum(a: Tensor, dim: number | number[] | undefined, keepdim: boolean): Tensor {
  const dims = reducedDims(a, dim, 'sum');
  const { target, outShape, keptShape } = reductionIndex(a.shape, dims);
  const out = new Float64Array(shapeSize(keptShape));
  for (let i = 0; i < a.data.length; i++) out[target[i]] += a.data[i];
  // d(sum)/dx_i = 1 for every element that went into the sum
  return fromOp(out, keepdim ? keptShape : outShape, [a], (g) => {
    const ga = new Float64Array(a.data.length);
    for (let i = 0; i < ga.length; i++) ga[i] = g[target[i]];
    return [ga];
  });
}

export function mean(a: Tensor, dim: number | number[] | undefined, keepdim: boolean): Tensor {
  const dims = reducedDims(a, dim, 'mean');
  const count = dims.reduce((n, d) => n * a.shape[d], 1);
  return sum(a, dim, keepdim).div(count);
}

export function maxAll(a: Tensor): Tensor {
  if (a.data.length === 0) throw new Error('max: cannot take the max of an empty tensor');
  let best = a.data[0];
  for (let i = 1; i < a.data.length && !Number.isNaN(best); i++) if (a.data[i] > best || Number.isNaN(a.data[i])) best = a.data[i];
  // The gradient is shared evenly by every element equal to the max (PyTorch's rule for max()
  // without dim; with a dim only the selected index gets it).
  const isMax = (x: number) => x === best || (Number.isNaN(best) && Number.isNaN(x));
  return fromOp(new Float64Array([best]), [], [a], (g) => {
    const ga = new Float64Array(a.data.length);
    let ties = 0;
    for (const x of a.data) if (isMax(x)) ties++;
    for (let i = 0; i < ga.length; i++) if (isMax(a.data[i])) ga[i] = g[0] / ties;
    return [ga];
  });
}

function argmaxAlong(a: Tensor, d: number): { values: Float64Array; indices: Float64Array; sources: Int32Array } {
  const outer = shapeSize(a.shape.slice(0, d));
  const size = a.shape[d];
  const inner = shapeSize(a.shape.slice(d + 1));
  if (size === 0) throw new Error(`max: cannot reduce over an empty dimension ${d}`);
  const values = new Float64Array(outer * inner);
  const indices = new Float64Array(outer * inner);
  const sources = new Int32Array(outer * inner);
  for (let p = 0; p < outer; p++) {
    for (let j = 0; j < inner; j++) {
      let bestK = 0;
      let best = a.data[p * size * inner + j];
      for (let k = 1; k < size; k++) {
        const v = a.data[(p * size + k) * inner + j];
        if (v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
          best = v;
          bestK = k;
        }
      }
      values[p * inner + j] = best;
      indices[p * inner + j] = bestK;
      sources[p * inner + j] = (p * size + bestK) * inner + j;
    }
  }
  return { values, indices, sources };
}

export function maxDim(a: Tensor, dim: number, keepdim: boolean): [Tensor, Tensor] {
  const d = normalizeDim(dim, a.ndim, 'max');
  const { values, indices, sources } = argmaxAlong(a, d);
  const shape = keepdim ? a.shape.map((s, i) => (i === d ? 1 : s)) : a.shape.filter((_, i) => i !== d);
  const out = fromOp(values, shape, [a], (g) => {
    const ga = new Float64Array(a.data.length);
    for (let i = 0; i < sources.length; i++) ga[sources[i]] += g[i];
    return [ga];
  });
  return [out, new Tensor(indices, shape)];
}

export function argmax(a: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  if (dim === undefined) {
    const flat = new Tensor(a.data, [a.data.length]);
    return new Tensor(argmaxAlong(flat, 0).indices, []);
  }
  return maxDim(a, dim, keepdim)[1];
}
