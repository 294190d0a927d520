// Which backend runs the dense products: one call (setBackend) or the environment variable
// RNN_BACKEND = ml-matrix | js | wasm. The default is `wasm` where the runtime validates a
// WebAssembly SIMD module, `js` elsewhere. Every backend gives the same bits (see products.ts),
// so the choice changes speed, never the numbers — except the opt-in FMA variant of `wasm`.
import { jsBackend } from './js.ts';
import { mlMatrixBackend } from './ml-matrix.ts';
import type { BackendName, ProductBackend } from './products.ts';
import { wasmBackend, wasmSimdSupported } from './wasm.ts';

export const BACKEND_NAMES: readonly BackendName[] = ['ml-matrix', 'js', 'wasm'];

export interface BackendOptions {
  /**
   * wasm only: use f64x2.relaxed_madd (fused where the CPU fuses). Faster, but the rounding then
   * depends on the machine: results are no longer bit-identical to js and ml-matrix. Default false,
   * or RNN_WASM_FMA=1.
   */
  fma?: boolean;
}

function checkName(name: unknown, source: string): BackendName {
  if (typeof name !== 'string' || !(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new Error(`${source}: unknown backend '${String(name)}'. Expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  return name as BackendName;
}

function build(name: BackendName, options: BackendOptions): ProductBackend {
  if (name === 'js') return jsBackend;
  if (name === 'ml-matrix') return mlMatrixBackend;
  if (!wasmSimdSupported()) {
    throw new Error("setBackend: backend 'wasm' needs WebAssembly SIMD, which this runtime does not validate. Use 'js'");
  }
  return wasmBackend(options.fma ?? false);
}

function fromEnvironment(): ProductBackend {
  const env = typeof process === 'undefined' ? {} : process.env;
  const fma = env.RNN_WASM_FMA === '1';
  const requested = env.RNN_BACKEND;
  if (requested !== undefined && requested !== '') return build(checkName(requested, 'RNN_BACKEND'), { fma });
  return wasmSimdSupported() ? wasmBackend(fma) : jsBackend;
}

let active: ProductBackend | null = null;

/** The backend in use (resolved from RNN_BACKEND on first use). */
export function getBackend(): ProductBackend {
  active ??= fromEnvironment();
  return active;
}

/**
 * Chooses the backend for every product from now on (a name, or a ProductBackend object of your
 * own, e.g. one under test); returns the previous one's name.
 */
export function setBackend(backend: BackendName | ProductBackend, options: BackendOptions = {}): BackendName {
  const previous = getBackend().name;
  active = typeof backend === 'object' && backend !== null ? checkBackend(backend) : build(checkName(backend, 'setBackend'), options);
  return previous;
}

function checkBackend(backend: ProductBackend): ProductBackend {
  checkName(backend.name, 'setBackend: backend.name');
  for (const op of ['gemmNN', 'gemmNT', 'gemmTN'] as const) {
    if (typeof backend[op] !== 'function') throw new Error(`setBackend: a backend object needs a function ${op}, got ${typeof backend[op]}`);
  }
  return backend;
}

/** The backends this runtime can run (wasm only where SIMD validates). */
export function availableBackends(): BackendName[] {
  return BACKEND_NAMES.filter((name) => name !== 'wasm' || wasmSimdSupported());
}
