// torch.linalg's few functions the course needs, done by ml-matrix (the library's linear algebra
// beyond products is ml-matrix's: QR for orthogonal init, singular values and eigenvalues for the
// lessons on exploding and vanishing gradients, norms). Results carry no gradient.
import { EigenvalueDecomposition, QrDecomposition, SingularValueDecomposition, type AbstractMatrix } from 'ml-matrix';
import { Tensor, formatShape, toTensor } from './tensor.ts';

function matrixOf(fn: string, a: Tensor | AbstractMatrix): AbstractMatrix {
  const t = toTensor(a, fn);
  if (t.ndim !== 2) throw new Error(`${fn}: expected a 2-D tensor (a matrix), got shape ${formatShape(t.shape)}`);
  return t.asMatrix();
}

/** torch.linalg.svdvals: the singular values, largest first, shape (min(m, n)). */
export function svdvals(a: Tensor | AbstractMatrix): Tensor {
  const svd = new SingularValueDecomposition(matrixOf('svdvals', a), { computeLeftSingularVectors: false, computeRightSingularVectors: false });
  return new Tensor(Float64Array.from(svd.diagonal), [svd.diagonal.length]);
}

/**
 * torch.linalg.eigvals of a square matrix: eigenvalues as a (n, 2) tensor of [real, imaginary]
 * pairs (this library has no complex dtype), in ml-matrix's order.
 */
export function eigvals(a: Tensor | AbstractMatrix): Tensor {
  const m = matrixOf('eigvals', a);
  if (m.rows !== m.columns) throw new Error(`eigvals: expected a square matrix, got shape [${m.rows}, ${m.columns}]`);
  const evd = new EigenvalueDecomposition(m);
  const out = new Float64Array(2 * m.rows);
  evd.realEigenvalues.forEach((re, i) => {
    out[2 * i] = re;
    out[2 * i + 1] = evd.imaginaryEigenvalues[i];
  });
  return new Tensor(out, [m.rows, 2]);
}

/** torch.linalg.qr (mode 'reduced' for m ≥ n): [Q (m, n), R (n, n)] with A = QR. */
export function qr(a: Tensor | AbstractMatrix): [Tensor, Tensor] {
  const m = matrixOf('qr', a);
  if (m.rows < m.columns) throw new Error(`qr: expected rows ≥ columns, got shape [${m.rows}, ${m.columns}]`);
  const decomposition = new QrDecomposition(m);
  return [Tensor.fromMatrix(decomposition.orthogonalMatrix), Tensor.fromMatrix(decomposition.upperTriangularMatrix)];
}

/**
 * torch.linalg.matrix_norm for ord 'fro' (default) and 2 (the largest singular value, the spectral
 * norm that decides whether W_hh stretches or shrinks a gradient), via ml-matrix.
 */
export function matrixNorm(a: Tensor | AbstractMatrix, ord: 'fro' | 2 = 'fro'): number {
  const m = matrixOf('matrixNorm', a);
  if (ord === 'fro') return m.norm('frobenius');
  if (ord === 2) return svdvals(a).data[0] ?? 0;
  throw new Error(`matrixNorm: ord must be 'fro' or 2, got ${String(ord)}`);
}
