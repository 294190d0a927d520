// The Tensor: a contiguous row-major Float64Array with a shape, plus the autograd bookkeeping.
// Operations live in ops/*.ts (one family per file); the methods here only delegate to them,
// so a reader finds each operation's forward rule and gradient rule side by side.
import { AbstractMatrix, Matrix, WrapperMatrix1D } from 'ml-matrix';
import { runBackward, type BackwardFn } from './autograd.ts';
import * as elementwise from './ops/elementwise.ts';
import * as reduce from './ops/reduce.ts';
import * as shapeOps from './ops/shape.ts';
import { matmul } from './ops/matmul.ts';
import { softmax, logSoftmax } from './ops/softmax.ts';
import { contiguousStrides } from './ops/strided.ts';

export type NestedArray = number | NestedArray[];
/** What the element-wise operations take: a tensor, a number, or any ml-matrix matrix (as a 2-D tensor). */
export type TensorLike = Tensor | number | AbstractMatrix;

/** True for any ml-matrix matrix or view (Matrix, WrapperMatrix1D, MatrixTransposeView, …). */
export function isMatrix(x: unknown): x is AbstractMatrix {
  return AbstractMatrix.isMatrix(x);
}

/**
 * The tensor behind an input that may be an ml-matrix matrix: every place that takes a tensor
 * takes a Matrix too (copied into a 2-D tensor that needs no grad). `fn` and `what` name the
 * input in the error for anything else.
 */
export function toTensor(x: unknown, fn: string, what = 'input'): Tensor {
  if (x instanceof Tensor) return x;
  if (isMatrix(x)) return Tensor.fromMatrix(x);
  throw new Error(`${fn}: expected ${what} to be a Tensor or an ml-matrix Matrix, got ${x === null ? 'null' : typeof x}`);
}

export interface GradFn {
  parents: Tensor[];
  backward: BackwardFn;
}

export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Values computed on first read, for a result that is often only looked at in part: the batch-first
 * output of a recurrent layer, of which a model may read one time step (nn/rnn-base.ts). `gather`
 * answers a pick along one dimension (select, narrow, slice, index) from the sources directly,
 * or returns null to have the values computed.
 */
export interface DeferredValues {
  compute(): Float64Array;
  gather?(dim: number, pick: readonly number[], shape: number[]): Tensor | null;
}

export class Tensor {
  /** The values, row-major; null until a deferred tensor's values are first read. */
  private storage: Float64Array | null;
  private deferred: DeferredValues | null;
  readonly shape: number[];
  requiresGrad: boolean;
  grad: Tensor | null = null;
  /** How this tensor was computed (null for leaves and for tensors made without grad). */
  gradFn: GradFn | null = null;

  /** `data` is the row-major values, or a DeferredValues that computes them when first read. */
  constructor(data: Float64Array | DeferredValues, shape: number[], opts: { requiresGrad?: boolean } = {}) {
    if (data instanceof Float64Array) {
      if (data.length !== shapeSize(shape)) {
        throw new Error(`Tensor: data of length ${data.length} does not fit shape ${formatShape(shape)} (${shapeSize(shape)} elements)`);
      }
      this.storage = data;
      this.deferred = null;
    } else {
      if (data === null || typeof data !== 'object' || typeof data.compute !== 'function') {
        const got = data === null ? 'null' : Array.isArray(data) ? 'an array (use tensor(values) for nested arrays)' : typeof data;
        throw new Error(`Tensor: expected data to be a Float64Array (or DeferredValues with a compute() function), got ${got}`);
      }
      this.storage = null;
      this.deferred = data;
    }
    this.shape = shape.slice();
    this.requiresGrad = opts.requiresGrad ?? false;
  }

  /** The values as a contiguous row-major Float64Array (shared, not copied: writes change the tensor). */
  get data(): Float64Array {
    return this.storage ?? this.computeDeferred();
  }

  private computeDeferred(): Float64Array {
    const values = this.deferred!.compute();
    if (values.length !== shapeSize(this.shape)) {
      throw new Error(`Tensor: deferred values of length ${values.length} do not fit shape ${formatShape(this.shape)}`);
    }
    this.storage = values;
    this.deferred = null;
    return values;
  }

  /**
   * The ops' shortcut for a pick along `dim` of a tensor whose values are still deferred: the
   * result straight from its sources, or null (values already computed, or no shortcut here).
   */
  gatherDeferred(dim: number, pick: readonly number[], shape: number[]): Tensor | null {
    return this.deferred?.gather?.(dim, pick, shape) ?? null;
  }

  // ---- introspection ----
  get ndim(): number {
    return this.shape.length;
  }

  numel(): number {
    return shapeSize(this.shape);
  }

  /** size() is the shape; size(dim) one of its entries (negative dims count from the end). */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return this.shape.slice();
    return this.shape[shapeOps.normalizeDim(dim, this.ndim, 'size')];
  }

  /** Row-major strides of this (always contiguous) tensor. */
  strides(): number[] {
    return contiguousStrides(this.shape);
  }

  toArray(): NestedArray {
    if (this.ndim === 0) return this.data[0];
    const build = (dim: number, offset: number): NestedArray[] => {
      const n = this.shape[dim];
      const out: NestedArray[] = new Array(n);
      if (dim === this.ndim - 1) {
        for (let i = 0; i < n; i++) out[i] = this.data[offset + i];
        return out;
      }
      const step = shapeSize(this.shape.slice(dim + 1));
      for (let i = 0; i < n; i++) out[i] = build(dim + 1, offset + i * step);
      return out;
    };
    return build(0, 0);
  }

  item(): number {
    if (this.data.length !== 1) {
      throw new Error(`item: only a tensor with one element can be converted to a number, got shape ${formatShape(this.shape)}`);
    }
    return this.data[0];
  }

  get(...index: number[]): number {
    if (index.length !== this.ndim) {
      throw new Error(`get: expected ${this.ndim} indices for shape ${formatShape(this.shape)}, got ${index.length}`);
    }
    let offset = 0;
    const strides = this.strides();
    for (let d = 0; d < index.length; d++) {
      let i = index[d];
      if (!Number.isInteger(i) || i < -this.shape[d] || i >= this.shape[d]) {
        throw new Error(`get: index ${i} is out of range for dimension ${d} of size ${this.shape[d]}`);
      }
      if (i < 0) i += this.shape[d];
      offset += i * strides[d];
    }
    return this.data[offset];
  }

  toString(): string {
    return `tensor(${JSON.stringify(this.toArray())}${this.requiresGrad ? ', requiresGrad=true' : ''})`;
  }

  // ---- autograd ----
  /** Back-propagates from this tensor. A scalar needs no argument, like PyTorch. */
  backward(gradient?: Tensor): void {
    if (!this.requiresGrad) {
      throw new Error('backward: this tensor does not require grad and has no grad_fn');
    }
    let seed: Float64Array;
    if (gradient === undefined) {
      if (this.data.length !== 1) {
        throw new Error(`backward: grad can be implicitly created only for scalar outputs, got shape ${formatShape(this.shape)}`);
      }
      seed = new Float64Array([1]);
    } else {
      if (gradient.data.length !== this.data.length) {
        throw new Error(`backward: gradient shape ${formatShape(gradient.shape)} does not match tensor shape ${formatShape(this.shape)}`);
      }
      seed = gradient.data.slice();
    }
    runBackward(this, seed);
  }

  /** Called by the engine on leaves: adds a gradient into `.grad`, as PyTorch accumulates. */
  accumulateGrad(grad: Float64Array): void {
    if (this.grad === null) this.grad = new Tensor(grad.slice(), this.shape);
    else {
      const g = this.grad.data;
      for (let i = 0; i < g.length; i++) g[i] += grad[i];
    }
  }

  /** Same values, cut from the graph. Shares storage, as in PyTorch. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  clone(): Tensor {
    return shapeOps.clone(this);
  }

  /** Marks a leaf as needing gradients (in place), like requires_grad_(). */
  requiresGrad_(flag = true): this {
    if (this.gradFn !== null && !flag) {
      throw new Error('requiresGrad_: cannot turn off requiresGrad on a non-leaf tensor; use detach()');
    }
    this.requiresGrad = flag;
    return this;
  }

  // ---- ml-matrix interop ----
  toMatrix(): Matrix {
    if (this.ndim !== 2) {
      throw new Error(`toMatrix: expected a 2-D tensor, got shape ${formatShape(this.shape)}`);
    }
    const [rows, cols] = this.shape;
    // Matrix's row storage is not part of its typed API, so fill it through from1DArray (a copy).
    return Matrix.from1DArray(rows, cols, this.data);
  }

  /**
   * A view of a 2-D tensor as an ml-matrix matrix, without copying: ml-matrix's WrapperMatrix1D
   * over this tensor's Float64Array, so set() writes into the tensor (outside autograd's view:
   * like PyTorch's .data, use it on tensors that need no grad). All of AbstractMatrix's methods
   * (mmul, transpose, norm, …) work on it; ml-matrix's decompositions copy it first.
   */
  asMatrix(): WrapperMatrix1D {
    if (this.ndim !== 2) {
      throw new Error(`asMatrix: expected a 2-D tensor, got shape ${formatShape(this.shape)}`);
    }
    if (this.data.length === 0) throw new Error(`asMatrix: ml-matrix cannot view an empty matrix, got shape ${formatShape(this.shape)}`);
    return new WrapperMatrix1D(this.data, { rows: this.shape[0] });
  }

  static fromMatrix(m: AbstractMatrix, opts: { requiresGrad?: boolean } = {}): Tensor {
    const data = new Float64Array(m.rows * m.columns);
    for (let r = 0; r < m.rows; r++) {
      for (let c = 0; c < m.columns; c++) data[r * m.columns + c] = m.get(r, c);
    }
    return new Tensor(data, [m.rows, m.columns], opts);
  }

  // ---- element-wise (broadcasting) ----
  add(other: TensorLike): Tensor { return elementwise.add(this, other); }
  sub(other: TensorLike): Tensor { return elementwise.sub(this, other); }
  mul(other: TensorLike): Tensor { return elementwise.mul(this, other); }
  div(other: TensorLike): Tensor { return elementwise.div(this, other); }
  neg(): Tensor { return elementwise.neg(this); }
  pow(exponent: number): Tensor { return elementwise.pow(this, exponent); }
  exp(): Tensor { return elementwise.exp(this); }
  log(): Tensor { return elementwise.log(this); }
  sqrt(): Tensor { return elementwise.sqrt(this); }
  tanh(): Tensor { return elementwise.tanh(this); }
  sigmoid(): Tensor { return elementwise.sigmoid(this); }
  relu(): Tensor { return elementwise.relu(this); }
  abs(): Tensor { return elementwise.abs(this); }
  clamp(min: number | null, max: number | null = null): Tensor { return elementwise.clamp(this, min, max); }
  gt(other: TensorLike): Tensor { return elementwise.compare(this, other, 'gt'); }
  ge(other: TensorLike): Tensor { return elementwise.compare(this, other, 'ge'); }
  lt(other: TensorLike): Tensor { return elementwise.compare(this, other, 'lt'); }
  le(other: TensorLike): Tensor { return elementwise.compare(this, other, 'le'); }
  eq(other: TensorLike): Tensor { return elementwise.compare(this, other, 'eq'); }

  // ---- reductions ----
  sum(dim?: number | number[], keepdim = false): Tensor { return reduce.sum(this, dim, keepdim); }
  mean(dim?: number | number[], keepdim = false): Tensor { return reduce.mean(this, dim, keepdim); }
  /** max() is the largest element; max(dim) returns [values, indices] like PyTorch's named tuple. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): [Tensor, Tensor];
  max(dim?: number, keepdim = false): Tensor | [Tensor, Tensor] {
    return dim === undefined ? reduce.maxAll(this) : reduce.maxDim(this, dim, keepdim);
  }
  argmax(dim?: number, keepdim = false): Tensor { return reduce.argmax(this, dim, keepdim); }
  softmax(dim: number): Tensor { return softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return logSoftmax(this, dim); }

  // ---- shape ----
  reshape(...shape: number[] | [number[]]): Tensor { return shapeOps.reshape(this, flattenShapeArgs(shape)); }
  view(...shape: number[] | [number[]]): Tensor { return shapeOps.reshape(this, flattenShapeArgs(shape)); }
  transpose(dim0: number, dim1: number): Tensor { return shapeOps.transpose(this, dim0, dim1); }
  /** The transpose of a 2-D tensor, like `t.T`. */
  get T(): Tensor {
    if (this.ndim !== 2) throw new Error(`T: expected a 2-D tensor, got shape ${formatShape(this.shape)}`);
    return shapeOps.transpose(this, 0, 1);
  }
  permute(...dims: number[] | [number[]]): Tensor { return shapeOps.permute(this, flattenShapeArgs(dims)); }
  squeeze(dim?: number): Tensor { return shapeOps.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return shapeOps.unsqueeze(this, dim); }
  flatten(startDim = 0, endDim = -1): Tensor { return shapeOps.flatten(this, startDim, endDim); }
  select(dim: number, index: number): Tensor { return shapeOps.select(this, dim, index); }
  narrow(dim: number, start: number, length: number): Tensor { return shapeOps.narrow(this, dim, start, length); }
  /** Python's t[start:end:step] along one dimension (end exclusive, negatives count from the end). */
  slice(dim: number, start?: number, end?: number, step = 1): Tensor { return shapeOps.slice(this, dim, start, end, step); }
  /** Picks entries along dim 0 (or `dim`) by a list of indices, like t[[i, j, k]] / index_select. */
  index(indices: number[] | Tensor, dim = 0): Tensor { return shapeOps.indexSelect(this, dim, indices); }
  matmul(other: Tensor | AbstractMatrix): Tensor { return matmul(this, other); }
}

function flattenShapeArgs(args: number[] | [number[]]): number[] {
  return Array.isArray(args[0]) ? (args[0] as number[]) : (args as number[]);
}

// ---- creation ----
function inferShape(values: NestedArray, fn: string): number[] {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0];
  }
  return shape;
}

function fillFromNested(values: NestedArray, shape: number[], out: Float64Array, fn: string): void {
  let offset = 0;
  const walk = (v: NestedArray, dim: number, path: number[]): void => {
    if (dim === shape.length) {
      if (typeof v !== 'number') {
        throw new Error(`${fn}: expected a number at index (${path.join(', ')}), got ${Array.isArray(v) ? 'an array' : typeof v}; is the nested array ragged?`);
      }
      out[offset++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      const got = Array.isArray(v) ? `length ${v.length}` : typeof v;
      throw new Error(`${fn}: ragged nested array: expected length ${shape[dim]} at index (${path.join(', ')}), got ${got}`);
    }
    for (let i = 0; i < v.length; i++) walk(v[i], dim + 1, [...path, i]);
  };
  walk(values, 0, []);
}

/** Builds a tensor from a number, nested array, Float64Array (1-D) or ml-matrix matrix (2-D), like torch.tensor. */
export function tensor(values: NestedArray | Float64Array | AbstractMatrix, opts: { requiresGrad?: boolean } = {}): Tensor {
  if (values instanceof Float64Array) return new Tensor(values.slice(), [values.length], opts);
  if (isMatrix(values)) return Tensor.fromMatrix(values, opts);
  if (typeof values !== 'number' && !Array.isArray(values)) {
    throw new Error(`tensor: expected a number or a nested array of numbers, got ${typeof values}`);
  }
  const shape = inferShape(values, 'tensor');
  const data = new Float64Array(shapeSize(shape));
  fillFromNested(values, shape, data, 'tensor');
  return new Tensor(data, shape, opts);
}

function checkedShape(shape: number[], fn: string): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${fn}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return shape;
}

export function full(shape: number[], value: number, opts: { requiresGrad?: boolean } = {}): Tensor {
  const data = new Float64Array(shapeSize(checkedShape(shape, 'full')));
  if (value !== 0) data.fill(value);
  return new Tensor(data, shape, opts);
}

export function zeros(shape: number[], opts: { requiresGrad?: boolean } = {}): Tensor {
  return full(shape, 0, opts);
}

export function ones(shape: number[], opts: { requiresGrad?: boolean } = {}): Tensor {
  return full(shape, 1, opts);
}

/** 0, 1, …, n-1 (or start … end-1 with a step), like torch.arange. */
export function arange(startOrEnd: number, end?: number, step = 1): Tensor {
  const start = end === undefined ? 0 : startOrEnd;
  const stop = end === undefined ? startOrEnd : end;
  if (step === 0) throw new Error('arange: step must be non-zero');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n]);
}

export function zerosLike(t: Tensor): Tensor {
  return zeros(t.shape);
}

export function onesLike(t: Tensor): Tensor {
  return ones(t.shape);
}
