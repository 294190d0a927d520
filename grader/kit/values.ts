// Turning whatever a submission returns (a number, nested arrays, a Float64Array, a library
// tensor, an ml-matrix Matrix) into one flat list of numbers plus a shape, duck-typed so the
// kit does not depend on the library's classes.
import { isArray, isView, describeValue, StringClass } from './intrinsics.ts';
import { Opaque } from '../sandbox/codec.ts';

export interface Numeric {
  shape: number[];
  /** Row-major values. */
  data: number[];
}

/** Either the numbers, or a sentence saying why the value is not numeric. */
export type NumericOrProblem = { ok: true; value: Numeric } | { ok: false; problem: string };

interface TensorLikeValue {
  shape: unknown;
  toArray: () => unknown;
}

interface MatrixLikeValue {
  rows: number;
  columns: number;
  to2DArray: () => number[][];
}

export function isTensorLike(value: unknown): value is TensorLikeValue {
  return typeof value === 'object' && value !== null && isArray((value as TensorLikeValue).shape)
    && typeof (value as TensorLikeValue).toArray === 'function';
}

function isMatrixLike(value: unknown): value is MatrixLikeValue {
  return typeof value === 'object' && value !== null && typeof (value as MatrixLikeValue).to2DArray === 'function'
    && typeof (value as MatrixLikeValue).rows === 'number' && typeof (value as MatrixLikeValue).columns === 'number';
}

export function formatShape(shape: readonly number[]): string {
  let text = '[';
  for (let i = 0; i < shape.length; i++) text += (i > 0 ? ', ' : '') + StringClass(shape[i]);
  return text + ']';
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Flat index to "(i, j, k)" for a row-major shape. */
export function formatIndex(flat: number, shape: readonly number[]): string {
  const index: number[] = [];
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d];
    index[d] = rest % size;
    rest = (rest - index[d]) / size;
  }
  let text = '(';
  for (let i = 0; i < index.length; i++) text += (i > 0 ? ', ' : '') + StringClass(index[i]);
  return text + ')';
}

/** Walks nested arrays (and typed arrays inside them); the shape is taken from the first element at each depth. */
function flattenNested(value: unknown, path: string, out: number[]): { shape: number[] } | { problem: string } {
  if (typeof value === 'number') {
    out[out.length] = value;
    return { shape: [] };
  }
  if (isView(value) && !(value instanceof DataView)) {
    const view = value as unknown as ArrayLike<unknown>;
    for (let i = 0; i < view.length; i++) {
      const x = view[i];
      if (typeof x !== 'number') return { problem: `contains ${describeValue(x)} at ${path}[${i}]` };
      out[out.length] = x;
    }
    return { shape: [view.length] };
  }
  if (!isArray(value)) return { problem: `contains ${describeValue(value)} at ${path || 'the top level'} where a number or an array was expected` };
  const items = value as unknown[];
  if (items.length === 0) return { shape: [0] };
  let innerShape: number[] | null = null;
  for (let i = 0; i < items.length; i++) {
    const inner = flattenNested(items[i], `${path}[${i}]`, out);
    if ('problem' in inner) return inner;
    if (innerShape === null) innerShape = inner.shape;
    else if (!shapesEqual(innerShape, inner.shape)) {
      return { problem: `is ragged: ${path}[0] has shape ${formatShape(innerShape)} but ${path}[${i}] has shape ${formatShape(inner.shape)}` };
    }
  }
  const shape = [items.length];
  const rest = innerShape as number[];
  for (let d = 0; d < rest.length; d++) shape[d + 1] = rest[d];
  return { shape };
}

/** A tensor's shape as a fresh array of numbers, or a sentence saying what is wrong with it. */
function copyShape(declared: unknown[]): number[] | string {
  const shape: number[] = [];
  for (let i = 0; i < declared.length; i++) {
    const d = declared[i];
    if (typeof d !== 'number') return `is a tensor whose shape contains ${describeValue(d)}`;
    shape[i] = d;
  }
  return shape;
}

export function toNumeric(value: unknown): NumericOrProblem {
  const data: number[] = [];
  if (isTensorLike(value)) {
    const declared = copyShape(value.shape as unknown[]);
    if (typeof declared === 'string') return { ok: false, problem: declared };
    const nested = flattenNested(value.toArray(), '', data);
    if ('problem' in nested) return { ok: false, problem: `is a tensor whose toArray() ${nested.problem}` };
    if (!shapesEqual(nested.shape, declared)) {
      return { ok: false, problem: `is a tensor of shape ${formatShape(declared)} whose toArray() has shape ${formatShape(nested.shape)}` };
    }
    return { ok: true, value: { shape: nested.shape, data } };
  }
  if (isMatrixLike(value)) {
    const nested = flattenNested(value.to2DArray(), '', data);
    if ('problem' in nested) return { ok: false, problem: `is a matrix whose to2DArray() ${nested.problem}` };
    // An empty matrix flattens to [0]; keep its declared 2-D shape.
    return { ok: true, value: { shape: [value.rows, value.columns], data } };
  }
  if (typeof value === 'number' || isArray(value) || (isView(value) && !(value instanceof DataView))) {
    const nested = flattenNested(value, '', data);
    if ('problem' in nested) return { ok: false, problem: nested.problem };
    return { ok: true, value: { shape: nested.shape, data } };
  }
  return { ok: false, problem: `is ${describeValue(value)}, not a number, an array of numbers, a Float64Array or a tensor` };
}

/** Only the shape, without reading a tensor's values. */
export function shapeOf(value: unknown): { ok: true; shape: number[] } | { ok: false; problem: string } {
  if (isTensorLike(value)) {
    const declared = copyShape(value.shape as unknown[]);
    return typeof declared === 'string' ? { ok: false, problem: declared } : { ok: true, shape: declared };
  }
  const numeric = toNumeric(value);
  return numeric.ok ? { ok: true, shape: numeric.value.shape } : numeric;
}

/**
 * What a returned value is, for a failure message: in hidden checks only its kind (null, an array,
 * a function, an object of another class, or its typeof), never text the submission chose (a class
 * name is the submission's text); in visible checks an opaque value names its class.
 */
export function kindOf(value: unknown, hidden: boolean): string {
  if (value === null) return 'null';
  if (value instanceof Opaque) return hidden ? (value.kind === 'function' ? 'a function' : 'an object of another class') : String(value);
  if (isArray(value)) return 'an array';
  return typeof value;
}
