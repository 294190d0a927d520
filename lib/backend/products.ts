// The seam under every dense product of the library: matmul, Linear (through matmul) and the
// recurrent kernels call these three functions and nothing else. A backend implements them on
// flat row-major Float64Arrays; which one runs is chosen in backend.ts.
//
// Contract shared by every backend (the tests hold them to it bit for bit): each entry of C is
//     c[i, j] (+)= (((0 + a(i,0)·b(0,j)) + a(i,1)·b(1,j)) + …) + a(i,k−1)·b(k−1,j)
// a dot product summed from p = 0 upwards with a separate multiply and add (no fused
// multiply-add), added to C once at the end. That order is ml-matrix's mmul's; keeping it on
// every backend is what lets the course quote printed digits whatever machine runs it.

/** C[m×n] (+)= op(A) · op(B) from the given offsets; `accumulate` false overwrites C instead. */
export type Gemm = (
  m: number, n: number, k: number,
  a: Float64Array, aOff: number, b: Float64Array, bOff: number,
  c: Float64Array, cOff: number, accumulate: boolean,
) => void;

export type BackendName = 'ml-matrix' | 'js' | 'wasm';

export interface ProductBackend {
  readonly name: BackendName;
  /** Extra facts for reports, e.g. 'f64x2 SIMD' or 'f64x2 SIMD + relaxed FMA'. */
  readonly detail: string;
  /** C (+)= A[m×k] · B[k×n] */
  readonly gemmNN: Gemm;
  /** C (+)= A[m×k] · B[n×k]ᵀ */
  readonly gemmNT: Gemm;
  /** C (+)= A[k×m]ᵀ · B[k×n] */
  readonly gemmTN: Gemm;
  /**
   * Optional, for backends that copy operands into memory of their own (wasm): runs fn with a
   * copy of each of `arrays` kept there, so that the products inside fn that read them, or add
   * into them, skip the copies — a recurrent kernel's weights and ∂W_hh, used at every time step.
   * Inside fn nothing but those products may write to them; the ones in `writeBack` are copied
   * back when fn returns. Only where operands live changes: the same bits. Use it through
   * `withResident` below, which runs fn directly on backends without it.
   */
  readonly withResident?: <R>(arrays: Float64Array[], writeBack: Float64Array[], fn: () => R) => R;
}

/** Runs fn with `arrays` resident in the backend's memory where it has any (see ProductBackend.withResident). */
export function withResident<R>(backend: ProductBackend, arrays: (Float64Array | null)[], writeBack: (Float64Array | null)[], fn: () => R): R {
  if (backend.withResident === undefined) return fn();
  const present = (xs: (Float64Array | null)[]) => xs.filter((x): x is Float64Array => x !== null);
  return backend.withResident(present(arrays), present(writeBack), fn);
}
