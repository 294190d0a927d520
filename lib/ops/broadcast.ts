// NumPy/PyTorch broadcasting: shapes are aligned from the right; a dimension of size 1 stretches.
import { formatShape } from '../tensor.ts';
import { contiguousStrides, stridedOffsets } from './strided.ts';

export function broadcastShapes(a: readonly number[], b: readonly number[], opName: string): number[] {
  const ndim = Math.max(a.length, b.length);
  const out = new Array<number>(ndim);
  for (let i = 0; i < ndim; i++) {
    const da = a[a.length - ndim + i] ?? 1;
    const db = b[b.length - ndim + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(
        `${opName}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
          `(dimension ${i - ndim} is ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** For every element of outShape, the flat offset of the element of `shape` that broadcasts to it. */
export function broadcastIndex(shape: readonly number[], outShape: readonly number[]): Int32Array {
  // The source's strides, aligned right, with 0 where the source has size 1 (or no dimension).
  const offset = outShape.length - shape.length;
  const own = contiguousStrides(shape);
  const strides = outShape.map((_, d) => (d < offset || shape[d - offset] === 1 ? 0 : own[d - offset]));
  return stridedOffsets(outShape, strides);
}

/** Sums a gradient of the broadcast shape back down to the operand's shape. */
export function reduceToShape(grad: Float64Array, outShape: readonly number[], shape: readonly number[]): Float64Array {
  let size = 1;
  for (const d of shape) size *= d;
  if (size === grad.length) return grad;
  const index = broadcastIndex(shape, outShape);
  const out = new Float64Array(size);
  for (let i = 0; i < grad.length; i++) out[index[i]] += grad[i];
  return out;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
