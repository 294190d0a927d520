// What RNN, GRU and LSTM share, as PyTorch's RNNBase: option checks, parameters under PyTorch's
// names and in its order, input and hidden-state validation, batchFirst and unbatched input,
// stacked layers and both directions, dropout between layers, and PackedSequence input.
// The loop over time itself lives in the kernels (lib/kernels/*-kernel.ts), one autograd
// operation per layer and direction.
import type { RecurrentLayerOptions } from '../kernels/rnn-kernel.ts';
import type { AbstractMatrix } from 'ml-matrix';
import { fromOp } from '../autograd.ts';
import { defaultGenerator } from '../random.ts';
import { Tensor, formatShape, isMatrix, shapeSize, zeros, type DeferredValues } from '../tensor.ts';
import { PackedSequence } from '../utils/packed-sequence.ts';
import { releaseBuffer, takeBuffer } from '../kernels/buffer-pool.ts';
import { uniform_ } from './init.ts';
import { Module } from './module.ts';
import { Parameter } from './parameter.ts';

export interface RecurrentOptions {
  numLayers?: number;
  bias?: boolean;
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last (training only). */
  dropout?: number;
  bidirectional?: boolean;
}

/** The four parameters of one layer and direction (biases null when bias = false). */
export interface LayerWeights {
  weightIh: Parameter;
  weightHh: Parameter;
  biasIh: Parameter | null;
  biasHh: Parameter | null;
}

const COMMON_OPTIONS = ['numLayers', 'bias', 'batchFirst', 'dropout', 'bidirectional'];

export abstract class RNNBase extends Module {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  /** 'RNN', 'GRU' or 'LSTM': the name error messages start with. */
  protected readonly kind: string;
  /** Gate blocks stacked in each weight matrix: 1 (RNN), 3 (GRU), 4 (LSTM). */
  protected readonly gateCount: number;
  // The parameters are fields named as PyTorch's (rnn.weight_ih_l0, rnn.bias_hh_l1_reverse), created
  // in the constructor; biases are undefined when bias = false.
  [name: `weight_${string}`]: Parameter;
  [name: `bias_${string}`]: Parameter | undefined;

  constructor(
    kind: string, gateCount: number, inputSize: number, hiddenSize: number,
    options: RecurrentOptions, extraOptionNames: string[] = [],
  ) {
    super();
    if (options === null || typeof options !== 'object') {
      throw new Error(`${kind}: options must be an object like { numLayers: 2, batchFirst: true }, got ${options === null ? 'null' : typeof options}`);
    }
    const known = [...COMMON_OPTIONS, ...extraOptionNames];
    for (const key of Object.keys(options)) {
      if (!known.includes(key)) throw new Error(`${kind}: unknown option '${key}'. Expected one of ${known.join(', ')}`);
    }
    const { numLayers = 1, bias = true, batchFirst = false, dropout = 0, bidirectional = false } = options;
    for (const [name, value] of [['inputSize', inputSize], ['hiddenSize', hiddenSize], ['numLayers', numLayers]] as const) {
      if (!Number.isInteger(value) || value <= 0) throw new Error(`${kind}: ${name} must be a positive integer, got ${value}`);
    }
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
      throw new Error(`${kind}: dropout must be a number in [0, 1] (the probability of zeroing an element), got ${dropout}`);
    }
    for (const [name, value] of [['bias', bias], ['batchFirst', batchFirst], ['bidirectional', bidirectional]] as const) {
      if (typeof value !== 'boolean') throw new Error(`${kind}: ${name} must be true or false, got ${String(value)}`);
    }
    this.kind = kind;
    this.gateCount = gateCount;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.bidirectional = bidirectional;

    // PyTorch's registration order — per layer, per direction: weight_ih, weight_hh, bias_ih, bias_hh —
    // and its init: every parameter U(−1/√H, 1/√H), drawn in that order from the seeded generator.
    const bound = 1 / Math.sqrt(hiddenSize);
    const fields = this as unknown as Record<string, Parameter>;
    for (let layer = 0; layer < numLayers; layer++) {
      const layerInputSize = layer === 0 ? inputSize : hiddenSize * this.numDirections;
      for (let direction = 0; direction < this.numDirections; direction++) {
        const shapes: [string, number[]][] = [
          ['weight_ih', [gateCount * hiddenSize, layerInputSize]],
          ['weight_hh', [gateCount * hiddenSize, hiddenSize]],
        ];
        if (bias) shapes.push(['bias_ih', [gateCount * hiddenSize]], ['bias_hh', [gateCount * hiddenSize]]);
        for (const [name, shape] of shapes) {
          fields[RNNBase.parameterName(name, layer, direction)] = new Parameter(uniform_(zeros(shape), -bound, bound));
        }
      }
    }
  }

  /** PyTorch's key, e.g. weight_ih_l0, bias_hh_l1_reverse. */
  static parameterName(name: string, layer: number, direction: number): string {
    return `${name}_l${layer}${direction === 1 ? '_reverse' : ''}`;
  }

  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** The parameters of one layer and direction, read from the fields (so replaced or loaded weights are used). */
  layerWeights(layer: number, direction: number): LayerWeights {
    const fields = this as unknown as Record<string, Parameter | undefined>;
    const get = (name: string) => fields[RNNBase.parameterName(name, layer, direction)] ?? null;
    const weightIh = get('weight_ih');
    const weightHh = get('weight_hh');
    if (!weightIh || !weightHh) throw new Error(`${this.kind}: no weights for layer ${layer}, direction ${direction}`);
    return { weightIh, weightHh, biasIh: get('bias_ih'), biasHh: get('bias_hh') };
  }

  /** PyTorch's all_weights: one list of parameters per layer and direction. */
  get allWeights(): Parameter[][] {
    const out: Parameter[][] = [];
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let direction = 0; direction < this.numDirections; direction++) {
        const w = this.layerWeights(layer, direction);
        out.push([w.weightIh, w.weightHh, ...(w.biasIh && w.biasHh ? [w.biasIh, w.biasHh] : [])]);
      }
    }
    return out;
  }

  /** PyTorch needs this for cuDNN; here the weights are always ready, so it does nothing. */
  flattenParameters(): void {}

  /** Runs one layer in one direction over time-major rows; returns (rows + states·batch, H) (see the kernels). */
  protected abstract layerKernel(input: Tensor, initialStates: Tensor[], weights: LayerWeights, options: RecurrentLayerOptions): Tensor;

  /**
   * The shared forward pass. `hx` is [h0] (RNN, GRU) or [h0, c0] (LSTM), or undefined for zeros;
   * `stateNames` names them in messages. Returns the output and the final states [hN] or [hN, cN].
   */
  protected runLayers(
    input: Tensor | PackedSequence | AbstractMatrix, hx: (Tensor | AbstractMatrix)[] | undefined, stateNames: string[],
  ): [Tensor | PackedSequence, Tensor[]] {
    const kind = this.kind;
    const D = this.numDirections;
    const H = this.hiddenSize;

    // 1. Input → time-major rows (rows, inputSize) and the number of rows at each time step.
    let rows: Tensor;
    let batchSizes: number[];
    let batched = true;
    let T = 0;
    const packed = input instanceof PackedSequence ? input : null;
    if (packed) {
      rows = packed.data;
      if (rows.ndim !== 2) {
        throw new Error(`${kind}: a PackedSequence's data must be 2-D (rows, inputSize), got shape ${formatShape(rows.shape)}`);
      }
      batchSizes = packed.batchSizeList();
    } else if (input instanceof Tensor || isMatrix(input)) {
      if (isMatrix(input)) input = Tensor.fromMatrix(input); // an unbatched (T, inputSize) sequence
      if (input.ndim !== 2 && input.ndim !== 3) {
        throw new Error(
          `${kind}: Expected input to be 2-D (unbatched: T, inputSize) or 3-D (batched: ` +
            `${this.batchFirst ? 'N, T' : 'T, N'}, inputSize), got ${input.ndim}-D tensor of shape ${formatShape(input.shape)}`,
        );
      }
      batched = input.ndim === 3;
      const batchFirst = batched && this.batchFirst;
      T = input.shape[batchFirst ? 1 : 0];
      const N = batched ? input.shape[batchFirst ? 0 : 1] : 1; // unbatched (T, in) is a batch of one
      const features = input.shape[input.ndim - 1];
      if (T === 0 || N === 0) throw new Error(`${kind}: expected at least one time step and one sequence, got input of shape ${formatShape(input.shape)}`);
      // Time-major rows: row t·N + b is sequence b at step t (batch-first input stores it at row b·T + t).
      rows = batchFirst
        ? gatherRows([input], features, swapBatchAndTime(N, T), [T * N, features])
        : input.reshape(T * N, features);
      batchSizes = new Array<number>(T).fill(N);
    } else {
      throw new Error(`${kind}: expected the input to be a Tensor or a PackedSequence, got ${typeof input}`);
    }
    const got = rows.shape[rows.ndim - 1];
    if (got !== this.inputSize) {
      throw new Error(`${kind}: input.size(-1) must be equal to inputSize. Expected ${this.inputSize}, got ${got}`);
    }
    const N = batchSizes[0];
    const rowCount = rows.shape[0];

    // 2. Initial states (numLayers·D, N, H), zeros by default; a packed batch is sorted, so its h0 is too.
    const stateShape = [this.numLayers * D, N, H];
    const shownShape = batched ? stateShape : [this.numLayers * D, H];
    let states: Tensor[];
    if (hx === undefined) {
      states = stateNames.map(() => zeros(stateShape));
    } else {
      states = hx.map((state, k) => {
        if (isMatrix(state)) state = Tensor.fromMatrix(state);
        if (!(state instanceof Tensor)) throw new Error(`${kind}: expected ${stateNames[k]} to be a Tensor, got ${typeof state}`);
        if (state.ndim !== shownShape.length) {
          throw new Error(
            `${kind}: For ${batched ? 'batched 3-D' : 'unbatched 2-D'} input, ${stateNames[k]} should also be ` +
              `${shownShape.length}-D but got ${state.ndim}-D tensor of shape ${formatShape(state.shape)}`,
          );
        }
        if (state.shape.some((d, i) => d !== shownShape[i])) {
          throw new Error(`${kind}: Expected ${stateNames[k]} size ${formatShape(shownShape)}, got ${formatShape(state.shape)}`);
        }
        const full = batched ? state : state.unsqueeze(1);
        return packed?.sortedIndices ? full.index(packed.sortedIndices, 1) : full;
      });
    }

    // 3. Layers, each direction one kernel call; layer k > 0 reads both directions side by side.
    const results: Tensor[] = []; // one per layer and direction: (rowCount + states·N, H), see the kernels
    let layerOutput = rows;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const layerResults: Tensor[] = [];
      for (let direction = 0; direction < D; direction++) {
        const index = layer * D + direction;
        const initial = states.map((s) => s.select(0, index));
        const options = { batchSizes, reverse: direction === 1 };
        layerResults.push(this.layerKernel(layerOutput, initial, this.layerWeights(layer, direction), options));
      }
      results.push(...layerResults);
      const last = layer === this.numLayers - 1;
      if (last && batched && this.batchFirst && !packed) {
        // The last layer's output as (N, T, D·H), computed only if read whole (see batchFirstOutput).
        layerOutput = batchFirstOutput(layerResults, H, T, N);
      } else {
        layerOutput = gatherRows(layerResults, H, null, [rowCount, D * H]);
      }
      if (this.training && this.dropout > 0 && !last) layerOutput = dropoutRows(layerOutput, this.dropout);
    }

    // 4. Final states (numLayers·D, N, H) in the caller's order; the output in the input's layout.
    const finalStates = stateNames.map((_, k) => {
      const s = stackFinalRows(results, rowCount + k * N, N, H, packed?.unsortedIndices ? Array.from(packed.unsortedIndices.data) : null);
      return batched ? s : s.reshape(this.numLayers * D, H);
    });
    if (packed) return [new PackedSequence(layerOutput, packed.batchSizes, packed.sortedIndices, packed.unsortedIndices), finalStates];
    if (!batched) return [layerOutput.reshape(T, D * H), finalStates];
    return [this.batchFirst ? layerOutput : layerOutput.reshape(T, N, D * H), finalStates];
  }
}

const swapOrders = new Map<string, Int32Array>(); // the few (T, N) pairs a program uses

/** For rows stored (A, B)-major, the source row of each (B, A)-major row: order[b·A + a] = a·B + b. */
function swapBatchAndTime(A: number, B: number): Int32Array {
  const key = `${A}x${B}`;
  let order = swapOrders.get(key);
  if (order === undefined) {
    order = new Int32Array(A * B);
    for (let b = 0; b < B; b++) for (let a = 0; a < A; a++) order[b * A + a] = a * B + b;
    if (swapOrders.size > 64) swapOrders.clear();
    swapOrders.set(key, order);
  }
  return order;
}

/**
 * Row r of the result is row order[r] (row r when order is null) of every source, side by side
 * ([sources[0], sources[1], …], each `width` wide); order never names a row twice.
 * Gradient: each piece goes back to its row.
 */
function gatherRows(sources: Tensor[], width: number, order: Int32Array | null, shape: number[]): Tensor {
  if (order === null && sources.length === 1) {
    // The rows as they are: a view of the kernel's result, no copy (its final-state rows follow).
    const source = sources[0];
    const rowCount = shapeSize(shape) / width;
    return fromOp(source.data.subarray(0, rowCount * width), shape, sources, (g) => {
      const grad = takeBuffer(source.data.length, false);
      grad.set(g);
      grad.fill(0, g.length);
      releaseBuffer(g); // the engine handed g over, and it has been copied
      return [grad];
    });
  }
  return fromOp(rowsSideBySide(sources, width, order, shape), shape, sources, scatterRows(sources, width, order, shape));
}

function rowsSideBySide(sources: Tensor[], width: number, order: Int32Array | null, shape: number[]): Float64Array {
  const outWidth = sources.length * width;
  const rowCount = shapeSize(shape) / outWidth;
  const out = new Float64Array(rowCount * outWidth);
  for (let d = 0; d < sources.length; d++) {
    const src = sources[d].data;
    for (let r = 0, to = d * width; r < rowCount; r++, to += outWidth) {
      const from = (order === null ? r : order[r]) * width;
      for (let j = 0; j < width; j++) out[to + j] = src[from + j];
    }
  }
  return out;
}

/** rowsSideBySide's gradient rule: each piece of the output's gradient back to its source row. */
function scatterRows(sources: Tensor[], width: number, order: Int32Array | null, shape: number[]) {
  const outWidth = sources.length * width;
  const rowCount = shapeSize(shape) / outWidth;
  return (g: Float64Array): (Float64Array | null)[] => {
    const grads = sources.map((source, d) => {
      if (!source.requiresGrad) return null;
      const grad = takeBuffer(source.data.length); // zeroed: rows not read get nothing
      for (let r = 0, from = d * width; r < rowCount; r++, from += outWidth) {
        const to = (order === null ? r : order[r]) * width; // each source row is used once
        for (let j = 0; j < width; j++) grad[to + j] = g[from + j];
      }
      return grad;
    });
    releaseBuffer(g); // the engine handed g over, and it has been copied
    return grads;
  };
}

/**
 * The batch-first output (N, T, D·H) of time-major kernel results (row t·N + b is sequence b at
 * step t), computed only when its values are read. A pick along batch or time (output.select(1, -1)
 * for the last step, narrow, slice, index without repeats) copies just the rows it needs from the
 * kernels' results, so a model that reads one step never pays for the whole reordered output.
 */
function batchFirstOutput(sources: Tensor[], H: number, T: number, N: number): Tensor {
  const shape = [N, T, sources.length * H];
  const order = swapBatchAndTime(T, N);
  const deferred: DeferredValues = {
    compute: () => rowsSideBySide(sources, H, order, shape),
    gather: (dim, pick, outShape) => {
      if (dim === 2 || new Set(pick).size !== pick.length) return null; // features, or a row twice
      const batches = dim === 0 ? pick : null;
      const times = dim === 1 ? pick : null;
      const nOut = batches ? batches.length : N;
      const tOut = times ? times.length : T;
      const rows = new Int32Array(nOut * tOut); // result row b'·tOut + t' is source row t·N + b
      for (let b = 0; b < nOut; b++) {
        for (let t = 0; t < tOut; t++) rows[b * tOut + t] = (times ? times[t] : t) * N + (batches ? batches[b] : b);
      }
      return gatherRows(sources, H, rows, outShape);
    },
  };
  return fromOp(deferred, shape, sources, scatterRows(sources, H, order, shape));
}

/**
 * The final states of every layer and direction as (sources.length, N, H): entry [s, b] is row
 * rowOffset + order[b] of sources[s] (order: unsortedIndices of a packed batch, else the identity).
 */
function stackFinalRows(sources: Tensor[], rowOffset: number, N: number, H: number, order: number[] | null): Tensor {
  const out = new Float64Array(sources.length * N * H);
  const rowOf = (b: number) => (rowOffset + (order ? order[b] : b)) * H;
  sources.forEach((source, s) => {
    for (let b = 0; b < N; b++) out.set(source.data.subarray(rowOf(b), rowOf(b) + H), (s * N + b) * H);
  });
  return fromOp(out, [sources.length, N, H], sources, (g) =>
    sources.map((source, s) => {
      if (!source.requiresGrad) return null;
      const grad = new Float64Array(source.data.length);
      for (let b = 0; b < N; b++) {
        for (let j = 0; j < H; j++) grad[rowOf(b) + j] += g[(s * N + b) * H + j];
      }
      return grad;
    }),
  );
}

/** Inverted dropout: zero each element with probability p, scale the rest by 1/(1 − p). */
function dropoutRows(x: Tensor, p: number): Tensor {
  const generator = defaultGenerator();
  const keep = 1 - p;
  const scale = keep > 0 ? 1 / keep : 0;
  const mask = new Float64Array(x.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = generator.random() < keep ? scale : 0;
  return x.mul(new Tensor(mask, x.shape));
}
