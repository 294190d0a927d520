// Element-wise operations. Each reads: the forward value, then its local gradient rule.
import { fromOp } from '../autograd.ts';
import { Tensor, isMatrix, type TensorLike } from '../tensor.ts';
import { broadcastIndex, broadcastShapes, reduceToShape, sameShape } from './broadcast.ts';

function asTensor(x: TensorLike): Tensor {
  if (x instanceof Tensor) return x;
  if (isMatrix(x)) return Tensor.fromMatrix(x);
  if (typeof x !== 'number') throw new Error(`expected a Tensor, a number or an ml-matrix Matrix, got ${typeof x}`);
  return new Tensor(new Float64Array([x]), []);
}

/**
 * Applies f element-wise with broadcasting; `grads(a, b, out, g)` returns the two local
 * gradients (d out/d a · g, d out/d b · g) for one element.
 */
function binary(
  opName: string,
  aIn: TensorLike,
  bIn: TensorLike,
  f: (a: number, b: number) => number,
  gradA: ((a: number, b: number, g: number) => number) | null,
  gradB: ((a: number, b: number, g: number) => number) | null,
): Tensor {
  const a = asTensor(aIn);
  const b = asTensor(bIn);
  const outShape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape, opName);
  const size = outShape.reduce((x, y) => x * y, 1);
  const ia = a.data.length === size ? null : broadcastIndex(a.shape, outShape);
  const ib = b.data.length === size ? null : broadcastIndex(b.shape, outShape);
  const ad = a.data;
  const bd = b.data;
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = f(ad[ia ? ia[i] : i], bd[ib ? ib[i] : i]);
  return fromOp(out, outShape, [a, b], (g) => {
    let ga: Float64Array | null = null;
    let gb: Float64Array | null = null;
    if (a.requiresGrad && gradA) {
      const full = new Float64Array(size);
      for (let i = 0; i < size; i++) full[i] = gradA(ad[ia ? ia[i] : i], bd[ib ? ib[i] : i], g[i]);
      ga = reduceToShape(full, outShape, a.shape);
    }
    if (b.requiresGrad && gradB) {
      const full = new Float64Array(size);
      for (let i = 0; i < size; i++) full[i] = gradB(ad[ia ? ia[i] : i], bd[ib ? ib[i] : i], g[i]);
      gb = reduceToShape(full, outShape, b.shape);
    }
    return [ga, gb];
  });
}

export function add(a: TensorLike, b: TensorLike): Tensor {
  // d(a+b)/da = 1, d(a+b)/db = 1
  return binary('add', a, b, (x, y) => x + y, (_x, _y, g) => g, (_x, _y, g) => g);
}

export function sub(a: TensorLike, b: TensorLike): Tensor {
  // d(a-b)/da = 1, d(a-b)/db = -1
  return binary('sub', a, b, (x, y) => x - y, (_x, _y, g) => g, (_x, _y, g) => -g);
}

export function mul(a: TensorLike, b: TensorLike): Tensor {
  // d(ab)/da = b, d(ab)/db = a
  return binary('mul', a, b, (x, y) => x * y, (_x, y, g) => g * y, (x, _y, g) => g * x);
}

export function div(a: TensorLike, b: TensorLike): Tensor {
  // d(a/b)/da = 1/b, d(a/b)/db = -a/b²
  return binary('div', a, b, (x, y) => x / y, (_x, y, g) => g / y, (x, y, g) => (-g * x) / (y * y));
}

/**
 * Applies f element-wise; `grad(x, y, g)` is the local gradient rule given input x and output y.
 */
function unary(a: Tensor, f: (x: number) => number, grad: (x: number, y: number, g: number) => number): Tensor {
  const n = a.data.length;
  const ad = a.data;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(ad[i]);
  return fromOp(out, a.shape, [a], (g) => {
    const ga = new Float64Array(n);
    for (let i = 0; i < n; i++) ga[i] = grad(ad[i], out[i], g[i]);
    return [ga];
  });
}

export function neg(a: Tensor): Tensor {
  return unary(a, (x) => -x, (_x, _y, g) => -g);
}

export function pow(a: Tensor, exponent: number): Tensor {
  if (typeof exponent !== 'number') throw new Error(`pow: expected a number exponent, got ${typeof exponent}`);
  // d(x^p)/dx = p x^(p-1)
  return unary(a, (x) => Math.pow(x, exponent), (x, _y, g) => (exponent === 0 ? 0 : g * exponent * Math.pow(x, exponent - 1)));
}

export function exp(a: Tensor): Tensor {
  // d(e^x)/dx = e^x
  return unary(a, Math.exp, (_x, y, g) => g * y);
}

export function log(a: Tensor): Tensor {
  // d(log x)/dx = 1/x
  return unary(a, Math.log, (x, _y, g) => g / x);
}

export function sqrt(a: Tensor): Tensor {
  // d(√x)/dx = 1/(2√x)
  return unary(a, Math.sqrt, (_x, y, g) => g / (2 * y));
}

export function tanh(a: Tensor): Tensor {
  // d(tanh x)/dx = 1 - tanh²x
  return unary(a, Math.tanh, (_x, y, g) => g * (1 - y * y));
}

export function sigmoidScalar(x: number): number {
  // Split by sign so exp never overflows.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function sigmoid(a: Tensor): Tensor {
  // dσ/dx = σ(1 - σ)
  return unary(a, sigmoidScalar, (_x, y, g) => g * y * (1 - y));
}

export function relu(a: Tensor): Tensor {
  // d relu/dx = 1 where x > 0, else 0 (PyTorch's choice at 0)
  return unary(a, (x) => (x > 0 ? x : 0), (x, _y, g) => (x > 0 ? g : 0));
}

export function abs(a: Tensor): Tensor {
  // d|x|/dx = sign(x), 0 at 0 as in PyTorch
  return unary(a, Math.abs, (x, _y, g) => (x > 0 ? g : x < 0 ? -g : 0));
}

export function clamp(a: Tensor, min: number | null, max: number | null): Tensor {
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  // Gradient flows only where the value was not clamped.
  return unary(a, (x) => Math.min(Math.max(x, lo), hi), (x, _y, g) => (x >= lo && x <= hi ? g : 0));
}

const comparisons = {
  gt: (x: number, y: number) => x > y,
  ge: (x: number, y: number) => x >= y,
  lt: (x: number, y: number) => x < y,
  le: (x: number, y: number) => x <= y,
  eq: (x: number, y: number) => x === y,
};

/** Comparisons return 0/1 tensors and are not differentiable. */
export function compare(a: TensorLike, b: TensorLike, kind: keyof typeof comparisons): Tensor {
  const test = comparisons[kind];
  const result = binary(kind, a, b, (x, y) => (test(x, y) ? 1 : 0), null, null);
  return new Tensor(result.data, result.shape);
}
