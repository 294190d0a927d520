// The `js` backend: the register-blocked kernels of lib/kernels/gemm.ts, plain TypeScript.
import { gemmNNBlocked, gemmNTBlocked, gemmTNBlocked } from '../kernels/gemm.ts';
import type { ProductBackend } from './products.ts';

export const jsBackend: ProductBackend = {
  name: 'js',
  detail: '4×4 register-blocked loops',
  gemmNN: gemmNNBlocked,
  gemmNT: gemmNTBlocked,
  gemmTN: gemmTNBlocked,
};
