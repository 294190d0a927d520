// The `wasm` backend: the f64x2 SIMD kernel of wasm/gemm-wat.ts (compiled to wasm/gemm.wasm).
// Operands are copied into the module's memory and the result copied back: the library's tensors
// live in ordinary Float64Arrays, and a copy (memcpy speed) is cheap beside the k multiply-adds
// each output entry costs. B of an NT product is transposed on the way in, because the kernel
// runs its two SIMD lanes across neighbouring columns (that keeps every entry's summation order
// that of the js backend, bit for bit). Products too small to repay the copies go to the js
// kernels, which give the same bits.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { gemmNNBlocked, gemmNTBlocked, gemmTNBlocked } from '../kernels/gemm.ts';
import type { Gemm, ProductBackend } from './products.ts';

/** Below this many multiply-adds (m·n·k) the copies cost more than SIMD saves. */
const SMALL_PRODUCT = 4096;

// The smallest SIMD module: one function () -> v128 returning f64x2.splat(0.0). A runtime without
// the SIMD proposal refuses to validate it.
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x0f, 0x01, 0x0d, 0x00, // code section: one body of 13 bytes, no locals
  0x44, 0, 0, 0, 0, 0, 0, 0, 0, // f64.const 0
  0xfd, 0x14, // f64x2.splat
  0x0b, // end
]);

// The few WebAssembly APIs used here: the compiler options (lib ES2022, no DOM) do not declare them.
interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const webAssembly = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let simdSupported: boolean | null = null;

/** True when this runtime validates WebAssembly SIMD (Node ≥ 16.4 does). */
export function wasmSimdSupported(): boolean {
  if (simdSupported === null) {
    try {
      simdSupported = webAssembly !== undefined && webAssembly.validate(SIMD_PROBE);
    } catch {
      simdSupported = false;
    }
  }
  return simdSupported === true;
}

interface Kernel {
  memory: WasmMemory;
  gemm: (m: number, n: number, k: number, a: number, aRow: number, aCol: number, b: number, c: number) => void;
}

function instantiate(file: string): Kernel {
  const bytes = readFileSync(new URL(`./wasm/${file}`, import.meta.url));
  if (webAssembly === undefined) throw new Error('wasm backend: this runtime has no WebAssembly');
  const instance = new webAssembly.Instance(new webAssembly.Module(bytes), {});
  const exports = instance.exports as unknown as Kernel;
  return { memory: exports.memory, gemm: exports.gemm };
}

let relaxedFlagSet = false;

/** relaxed_madd is behind a V8 flag in Node 20; it must be set before the module compiles. */
function enableRelaxedSimd(): void {
  if (relaxedFlagSet) return;
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  relaxedFlagSet = true;
}

/** A backend over one instance of the kernel: its memory holds A, then B, then C of the current call. */
function makeBackend(kernel: Kernel, detail: string, smallProduct: number): ProductBackend {
  let heap = new Float64Array(kernel.memory.buffer);

  /** Makes room for `doubles` float64 values, growing the memory (which replaces its buffer). */
  function reserve(doubles: number): Float64Array {
    const bytes = doubles * 8;
    if (kernel.memory.buffer.byteLength < bytes) {
      kernel.memory.grow(Math.ceil((bytes - kernel.memory.buffer.byteLength) / 65536));
    }
    if (heap.buffer !== kernel.memory.buffer) heap = new Float64Array(kernel.memory.buffer);
    return heap;
  }

  /** Lays A (already in memory at 0), B (at bAt) and C, runs the kernel, copies C out. */
  function run(
    m: number, n: number, k: number, aRow: number, aCol: number, bAt: number,
    c: Float64Array, cOff: number, accumulate: boolean, mem: Float64Array,
  ): void {
    const cAt = align(bAt + k * n);
    if (accumulate) mem.set(c.subarray(cOff, cOff + m * n), cAt);
    else mem.fill(0, cAt, cAt + m * n);
    kernel.gemm(m, n, k, 0, aRow * 8, aCol * 8, bAt * 8, cAt * 8);
    c.set(mem.subarray(cAt, cAt + m * n), cOff);
  }

  const gemmNN: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) => {
    if (m * n * k < smallProduct) return gemmNNBlocked(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    const bAt = align(m * k);
    const mem = reserve(align(bAt + k * n) + m * n);
    mem.set(a.subarray(aOff, aOff + m * k), 0);
    mem.set(b.subarray(bOff, bOff + k * n), bAt);
    run(m, n, k, k, 1, bAt, c, cOff, accumulate, mem);
  };

  const gemmNT: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) => {
    if (m * n * k < smallProduct) return gemmNTBlocked(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    const bAt = align(m * k);
    const mem = reserve(align(bAt + k * n) + m * n);
    mem.set(a.subarray(aOff, aOff + m * k), 0);
    // B is n×k; the kernel reads it as Bᵀ, k×n.
    for (let j = 0; j < n; j++) {
      const from = bOff + j * k;
      for (let p = 0, to = bAt + j; p < k; p++, to += n) mem[to] = b[from + p];
    }
    run(m, n, k, k, 1, bAt, c, cOff, accumulate, mem);
  };

  const gemmTN: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) => {
    if (m * n * k < smallProduct) return gemmTNBlocked(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    const bAt = align(k * m);
    const mem = reserve(align(bAt + k * n) + m * n);
    mem.set(a.subarray(aOff, aOff + k * m), 0); // A is k×m: A(i, p) = a[p·m + i]
    mem.set(b.subarray(bOff, bOff + k * n), bAt);
    run(m, n, k, 1, m, bAt, c, cOff, accumulate, mem);
  };

  return { name: 'wasm', detail, gemmNN, gemmNT, gemmTN };
}

/** Rounds a float64 index up to a 16-byte boundary, where v128 loads are fastest. */
function align(doubles: number): number {
  return doubles + (doubles & 1);
}

const instances: { exact?: ProductBackend; fma?: ProductBackend } = {};

/**
 * The wasm backend; `fma` selects the relaxed-FMA module (not bit-reproducible across machines).
 * `smallProduct` (tests only) overrides the size under which products go to the js kernels; 0
 * sends every product through WebAssembly.
 */
export function wasmBackend(fma: boolean, { smallProduct }: { smallProduct?: number } = {}): ProductBackend {
  if (fma) enableRelaxedSimd();
  const file = fma ? 'gemm-fma.wasm' : 'gemm.wasm';
  const detail = fma ? 'f64x2 SIMD + relaxed FMA (rounding depends on the CPU)' : 'f64x2 SIMD, mul then add (bit-identical to js)';
  if (smallProduct !== undefined) return makeBackend(instantiate(file), detail, smallProduct);
  const key = fma ? 'fma' : 'exact';
  instances[key] ??= makeBackend(instantiate(file), detail, SMALL_PRODUCT);
  return instances[key];
}
