// Variable-length batches, as torch.nn.utils.rnn: a PackedSequence stores, time step after time
// step, only the rows of the sequences still running, so a recurrent layer never runs over padding.
//
// Example: lengths [2, 1, 3] (sequences a, b, c). Sorted longest first: c, a, b, so
// sortedIndices = [2, 0, 1] and its inverse unsortedIndices = [1, 2, 0]. The data rows are
//   t = 0: c0 a0 b0    t = 1: c1 a1    t = 2: c2        → batchSizes = [3, 2, 1]
import { fromOp } from '../autograd.ts';
import { cat } from '../ops/shape.ts';
import { Tensor, formatShape, shapeSize, tensor } from '../tensor.ts';

function asIndexList(values: Tensor | readonly number[], what: string): number[] {
  const list = values instanceof Tensor ? Array.from(values.data) : Array.from(values);
  if (values instanceof Tensor && values.ndim !== 1) {
    throw new Error(`${what} must be a 1-D tensor or an array of integers, got a tensor of shape ${formatShape(values.shape)}`);
  }
  const bad = list.findIndex((v) => typeof v !== 'number' || !Number.isInteger(v));
  if (bad !== -1) throw new Error(`${what} must hold integers, got ${list[bad]} at index ${bad}`);
  return list;
}

function inversePermutation(order: number[]): number[] {
  const inverse = new Array<number>(order.length);
  order.forEach((source, position) => (inverse[source] = position));
  return inverse;
}

export class PackedSequence {
  /** (Σ batchSizes, *): the rows of every time step, one step after another. */
  readonly data: Tensor;
  /** batchSizes[t] = how many sequences are longer than t. */
  readonly batchSizes: Tensor;
  /** sortedIndices[k] = the original batch index of the k-th longest sequence (null: the batch was already sorted). */
  readonly sortedIndices: Tensor | null;
  /** The inverse permutation: where each original sequence sits in the sorted order. */
  readonly unsortedIndices: Tensor | null;

  constructor(
    data: Tensor,
    batchSizes: Tensor | readonly number[],
    sortedIndices: Tensor | readonly number[] | null = null,
    unsortedIndices: Tensor | readonly number[] | null = null,
  ) {
    if (!(data instanceof Tensor) || data.ndim < 1) {
      throw new Error(`PackedSequence: data must be a tensor of shape (rows, *), got ${data instanceof Tensor ? formatShape(data.shape) : typeof data}`);
    }
    const sizes = asIndexList(batchSizes, 'PackedSequence: batchSizes');
    if (sizes.length === 0 || sizes.some((s, t) => s <= 0 || (t > 0 && s > sizes[t - 1]))) {
      throw new Error(`PackedSequence: batchSizes must be positive and non-increasing, got [${sizes.join(', ')}]`);
    }
    const rows = sizes.reduce((a, b) => a + b, 0);
    if (data.shape[0] !== rows) {
      throw new Error(`PackedSequence: data must have sum(batchSizes) = ${rows} rows, got ${data.shape[0]} (data shape ${formatShape(data.shape)})`);
    }
    this.data = data;
    this.batchSizes = tensor(sizes);
    if (sortedIndices === null) {
      if (unsortedIndices !== null) throw new Error('PackedSequence: unsortedIndices given without sortedIndices');
      this.sortedIndices = null;
      this.unsortedIndices = null;
      return;
    }
    const sorted = asIndexList(sortedIndices, 'PackedSequence: sortedIndices');
    const batch = sizes[0];
    if (sorted.length !== batch || new Set(sorted).size !== batch || sorted.some((i) => i < 0 || i >= batch)) {
      throw new Error(`PackedSequence: sortedIndices must be a permutation of 0 … ${batch - 1}, got [${sorted.join(', ')}]`);
    }
    const unsorted = unsortedIndices === null ? inversePermutation(sorted) : asIndexList(unsortedIndices, 'PackedSequence: unsortedIndices');
    if (unsorted.length !== batch || unsorted.some((position, original) => sorted[position] !== original)) {
      throw new Error(`PackedSequence: unsortedIndices [${unsorted.join(', ')}] is not the inverse of sortedIndices [${sorted.join(', ')}]`);
    }
    this.sortedIndices = tensor(sorted);
    this.unsortedIndices = tensor(unsorted);
  }

  /** batchSizes as plain numbers. */
  batchSizeList(): number[] {
    return Array.from(this.batchSizes.data);
  }
}

/**
 * out row r = input row source[r] (a row is `width` consecutive values), or `fill` where
 * source[r] = −1. Gradient: each output row's gradient is added back to its source row.
 */
function gatherRows(input: Tensor, width: number, source: Int32Array, outShape: number[], fill: number): Tensor {
  const x = input.data;
  const out = new Float64Array(source.length * width);
  for (let r = 0; r < source.length; r++) {
    const src = source[r];
    if (src >= 0) out.set(x.subarray(src * width, (src + 1) * width), r * width);
    else if (fill !== 0) out.fill(fill, r * width, (r + 1) * width);
  }
  return fromOp(out, outShape, [input], (g) => {
    const dx = new Float64Array(x.length);
    for (let r = 0; r < source.length; r++) {
      const src = source[r];
      if (src < 0) continue; // padding has no source, so its gradient goes nowhere
      for (let j = 0; j < width; j++) dx[src * width + j] += g[r * width + j];
    }
    return [dx];
  });
}

/** Packs a padded batch (T, B, *) — or (B, T, *) with batchFirst — of sequences with the given lengths. */
export function packPaddedSequence(
  input: Tensor,
  lengths: readonly number[] | Tensor,
  { batchFirst = false, enforceSorted = true }: { batchFirst?: boolean; enforceSorted?: boolean } = {},
): PackedSequence {
  if (!(input instanceof Tensor) || input.ndim < 2) {
    throw new Error(
      `packPaddedSequence: expected input of shape ${batchFirst ? '(B, T, *)' : '(T, B, *)'}, got ` +
        `${input instanceof Tensor ? formatShape(input.shape) : typeof input}`,
    );
  }
  const lens = asIndexList(lengths, 'packPaddedSequence: lengths');
  const T = input.shape[batchFirst ? 1 : 0];
  const B = input.shape[batchFirst ? 0 : 1];
  if (lens.length !== B) {
    throw new Error(`packPaddedSequence: expected one length per sequence, ${B} (batch size of input ${formatShape(input.shape)}), got ${lens.length}`);
  }
  lens.forEach((len, b) => {
    if (len <= 0) {
      throw new Error(`packPaddedSequence: every length must be greater than 0, got ${len} at index ${b} (lengths [${lens.join(', ')}])`);
    }
    if (len > T) {
      throw new Error(`packPaddedSequence: lengths must be at most the padded length ${T}, got ${len} at index ${b} (lengths [${lens.join(', ')}])`);
    }
  });
  let order: number[];
  if (enforceSorted) {
    const bad = lens.findIndex((len, b) => b > 0 && len > lens[b - 1]);
    if (bad !== -1) {
      throw new Error(
        `packPaddedSequence: with enforceSorted, lengths must be sorted in decreasing order. Expected a non-increasing ` +
          `sequence, got [${lens.join(', ')}] (${lens[bad]} after ${lens[bad - 1]} at index ${bad}). ` +
          'Sort the batch longest first, or pass { enforceSorted: false } to let packPaddedSequence sort it.',
      );
    }
    order = lens.map((_, b) => b);
  } else {
    // Longest first; ties keep their original order (a stable sort).
    order = lens.map((_, b) => b).sort((a, b) => lens[b] - lens[a] || a - b);
  }
  const maxLen = lens[order[0]];
  const batchSizes: number[] = [];
  for (let t = 0; t < maxLen; t++) batchSizes.push(lens.filter((len) => len > t).length);

  const trailing = input.shape.slice(2);
  const width = shapeSize(trailing);
  const rows = batchSizes.reduce((a, b) => a + b, 0);
  const source = new Int32Array(rows);
  let r = 0;
  for (let t = 0; t < maxLen; t++) {
    for (let k = 0; k < batchSizes[t]; k++) source[r++] = batchFirst ? order[k] * T + t : t * B + order[k];
  }
  const data = gatherRows(input, width, source, [rows, ...trailing], 0);
  return new PackedSequence(data, batchSizes, enforceSorted ? null : order);
}

/**
 * Unpacks to a padded batch (T, B, *) — or (B, T, *) with batchFirst — in the original order.
 * Returns [padded, lengths]. totalLength pads to a fixed T (at least the longest length).
 */
export function padPackedSequence(
  sequence: PackedSequence,
  { batchFirst = false, paddingValue = 0, totalLength }: { batchFirst?: boolean; paddingValue?: number; totalLength?: number } = {},
): [Tensor, Tensor] {
  if (!(sequence instanceof PackedSequence)) {
    const got: unknown = sequence;
    throw new Error(`padPackedSequence: expected a PackedSequence, got ${got instanceof Tensor ? 'a Tensor' : typeof got}`);
  }
  const batchSizes = sequence.batchSizeList();
  const maxLen = batchSizes.length;
  const B = batchSizes[0];
  const T = totalLength ?? maxLen;
  if (!Number.isInteger(T) || T < maxLen) {
    throw new Error(
      `padPackedSequence: expected totalLength to be at least the length of the longest sequence, ${maxLen}, got totalLength = ${totalLength}`,
    );
  }
  const order = sequence.sortedIndices ? Array.from(sequence.sortedIndices.data) : Array.from({ length: B }, (_, k) => k);
  const trailing = sequence.data.shape.slice(1);
  const width = shapeSize(trailing);
  const source = new Int32Array(T * B).fill(-1);
  const lengths = new Float64Array(B);
  let r = 0;
  for (let t = 0; t < maxLen; t++) {
    for (let k = 0; k < batchSizes[t]; k++) {
      const original = order[k];
      source[batchFirst ? original * T + t : t * B + original] = r++;
      lengths[original] = t + 1;
    }
  }
  const padded = gatherRows(sequence.data, width, source, batchFirst ? [B, T, ...trailing] : [T, B, ...trailing], paddingValue);
  return [padded, new Tensor(lengths, [B])];
}

/** Stacks sequences of shapes (L_i, *) into one padded (T, B, *) — or (B, T, *) — batch, T = max L_i. */
export function padSequence(
  sequences: Tensor[],
  { batchFirst = false, paddingValue = 0 }: { batchFirst?: boolean; paddingValue?: number } = {},
): Tensor {
  if (!Array.isArray(sequences) || sequences.length === 0) {
    throw new Error(`padSequence: expected a non-empty array of tensors, got ${Array.isArray(sequences) ? 'an empty array' : typeof sequences}`);
  }
  const first = sequences[0];
  sequences.forEach((s: unknown, b) => {
    if (!(s instanceof Tensor) || s.ndim < 1) {
      throw new Error(`padSequence: every sequence must be a tensor of shape (L, *), got ${s instanceof Tensor ? formatShape(s.shape) : typeof s} at index ${b}`);
    }
    if (s.ndim !== first.ndim || s.shape.some((d, i) => i > 0 && d !== first.shape[i])) {
      throw new Error(
        `padSequence: every sequence must have the same trailing shape. Expected (L, ${first.shape.slice(1).join(', ')}) ` +
          `like sequence 0, got ${formatShape(s.shape)} at index ${b}`,
      );
    }
  });
  const B = sequences.length;
  const lens = sequences.map((s) => s.shape[0]);
  const T = Math.max(...lens);
  const trailing = first.shape.slice(1);
  const width = shapeSize(trailing);
  const source = new Int32Array(T * B).fill(-1);
  let start = 0;
  lens.forEach((len, b) => {
    for (let t = 0; t < len; t++) source[batchFirst ? b * T + t : t * B + b] = start + t;
    start += len;
  });
  const all = cat(sequences, 0); // (Σ L_i, *): one tensor to gather from, with gradients back to each sequence
  return gatherRows(all, width, source, batchFirst ? [B, T, ...trailing] : [T, B, ...trailing], paddingValue);
}
