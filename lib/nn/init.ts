// Parameter initialisers, as torch.nn.init. They fill a tensor in place (no autograd) from the
// seeded global generator unless one is passed.
import { Matrix, QrDecomposition } from 'ml-matrix';
import { defaultGenerator, type Generator } from '../random.ts';
import { Tensor, formatShape } from '../tensor.ts';

interface InitOptions {
  generator?: Generator;
}

export function uniform_(t: Tensor, a = 0, b = 1, opts: InitOptions = {}): Tensor {
  const gen = opts.generator ?? defaultGenerator();
  for (let i = 0; i < t.data.length; i++) t.data[i] = a + (b - a) * gen.random();
  return t;
}

export function normal_(t: Tensor, mean = 0, std = 1, opts: InitOptions = {}): Tensor {
  const gen = opts.generator ?? defaultGenerator();
  for (let i = 0; i < t.data.length; i++) t.data[i] = mean + std * gen.normal();
  return t;
}

export function constant_(t: Tensor, value: number): Tensor {
  t.data.fill(value);
  return t;
}

export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

/** fan_in and fan_out as PyTorch computes them: dims 0 and 1 times the receptive field. */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) {
    throw new Error(`Fan in and fan out can not be computed for tensor with fewer than 2 dimensions, got shape ${formatShape(t.shape)}`);
  }
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

export function xavierUniform_(t: Tensor, gain = 1, opts: InitOptions = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound, opts);
}

export function xavierNormal_(t: Tensor, gain = 1, opts: InitOptions = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), opts);
}

/**
 * Fills t with a (semi-)orthogonal matrix, as torch.nn.init.orthogonal_: the Q of the QR
 * decomposition of a standard normal (rows × rest) matrix, with the signs of R's diagonal folded
 * into Q so the result is uniformly distributed, then scaled by gain.
 */
export function orthogonal_(t: Tensor, gain = 1, opts: InitOptions = {}): Tensor {
  if (t.ndim < 2) {
    throw new Error(`orthogonal_: only tensors with 2 or more dimensions are supported, got shape ${formatShape(t.shape)}`);
  }
  if (t.data.length === 0) return t;
  const rows = t.shape[0];
  const cols = t.data.length / rows;
  const flat = normal_(new Tensor(new Float64Array(rows * cols), [rows, cols]), 0, 1, opts).toMatrix();
  // QR needs a tall matrix: factor the transpose of a wide one and transpose Q back.
  const tall = rows < cols ? flat.transpose() : flat;
  const qr = new QrDecomposition(tall);
  const q: Matrix = qr.orthogonalMatrix;
  const r: Matrix = qr.upperTriangularMatrix;
  for (let j = 0; j < q.columns; j++) {
    const sign = Math.sign(r.get(j, j));
    for (let i = 0; i < q.rows; i++) q.set(i, j, q.get(i, j) * sign);
  }
  const result = rows < cols ? q.transpose() : q;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) t.data[i * cols + j] = gain * result.get(i, j);
  }
  return t;
}
