// The one index walk behind broadcasting, permute and reductions: visit every element of `shape`
// in row-major order and record the flat offset that per-dimension strides give it. A stride of 0
// repeats (broadcast) or merges (reduce) a dimension; permuted strides reorder memory.

/** offsets[i] = Σ_d index_d(i) · strides[d], for the i-th element of `shape` in row-major order. */
export function stridedOffsets(shape: readonly number[], strides: readonly number[]): Int32Array {
  const ndim = shape.length;
  let size = 1;
  for (const d of shape) size *= d;
  const offsets = new Int32Array(size);
  const counter = new Array<number>(ndim).fill(0);
  let offset = 0;
  for (let i = 0; i < size; i++) {
    offsets[i] = offset;
    // Advance the odometer: bump the last dimension, carrying into earlier ones when it wraps.
    for (let d = ndim - 1; d >= 0; d--) {
      counter[d]++;
      offset += strides[d];
      if (counter[d] < shape[d]) break;
      offset -= strides[d] * counter[d];
      counter[d] = 0;
    }
  }
  return offsets;
}

/** Row-major (contiguous) strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= shape[d];
  }
  return strides;
}
