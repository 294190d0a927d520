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

/**
 * A backend over one instance of the kernel. Its memory holds, from the bottom: the arrays made
 * resident by withResident (see products.ts), then A, B and C of the current call, each copied
 * in unless it is resident already.
 */
function makeBackend(kernel: Kernel, detail: string, smallProduct: number): ProductBackend {
  let heap = new Float64Array(kernel.memory.buffer);
  /** Resident arrays and where their copies start (in doubles); few at a time, so a list. */
  const resident: { array: Float64Array; at: number }[] = [];
  /** First double after the resident copies: where a call's own operands go. */
  let base = 0;

  /** Makes room for `doubles` float64 values, growing the memory (which replaces its buffer, not its contents). */
  function reserve(doubles: number): Float64Array {
    const bytes = doubles * 8;
    if (kernel.memory.buffer.byteLength < bytes) {
      kernel.memory.grow(Math.ceil((bytes - kernel.memory.buffer.byteLength) / 65536));
    }
    if (heap.buffer !== kernel.memory.buffer) heap = new Float64Array(kernel.memory.buffer);
    return heap;
  }

  /** Where x's resident copy starts, or −1. */
  function residentAt(x: Float64Array): number {
    for (let r = 0; r < resident.length; r++) if (resident[r].array === x) return resident[r].at;
    return -1;
  }

  /**
   * C (+)= A·B with A(i, p) at a[aOff + i·aRow + p·aCol] and B = b[bOff …] as k×n rows, or, when
   * `transposeB`, b[bOff …] as n×k rows read as its transpose. Operands with a resident copy are
   * used in place; the others are copied in (and C back out).
   */
  function product(
    m: number, n: number, k: number, a: Float64Array, aOff: number, aRow: number, aCol: number,
    b: Float64Array, bOff: number, transposeB: boolean, c: Float64Array, cOff: number, accumulate: boolean,
  ): void {
    const aRes = residentAt(a);
    const bRes = transposeB ? -1 : residentAt(b);
    const cRes = residentAt(c);
    let top = base;
    const aAt = aRes >= 0 ? aRes + aOff : top;
    if (aRes < 0) top = align(top + m * k);
    const bAt = bRes >= 0 ? bRes + bOff : top;
    if (bRes < 0) top = align(top + k * n);
    const cAt = cRes >= 0 ? cRes + cOff : top;
    if (cRes < 0) top += m * n;
    const mem = reserve(top);
    if (aRes < 0) mem.set(a.subarray(aOff, aOff + m * k), aAt);
    if (bRes < 0 && !transposeB) mem.set(b.subarray(bOff, bOff + k * n), bAt);
    if (transposeB) {
      // B is n×k; the kernel reads it as Bᵀ, k×n (from its resident copy if it has one).
      const bCopy = residentAt(b);
      const src = bCopy >= 0 ? mem : b;
      const from0 = bCopy >= 0 ? bCopy + bOff : bOff;
      for (let j = 0; j < n; j++) {
        const from = from0 + j * k;
        for (let p = 0, to = bAt + j; p < k; p++, to += n) mem[to] = src[from + p];
      }
    }
    if (cRes >= 0) {
      if (!accumulate) mem.fill(0, cAt, cAt + m * n);
    } else if (accumulate) mem.set(c.subarray(cOff, cOff + m * n), cAt);
    else mem.fill(0, cAt, cAt + m * n);
    kernel.gemm(m, n, k, aAt * 8, aRow * 8, aCol * 8, bAt * 8, cAt * 8);
    if (cRes < 0) c.set(mem.subarray(cAt, cAt + m * n), cOff);
  }

  /** Small products go to the js kernels (same bits), unless an operand lives here. */
  const small = (m: number, n: number, k: number, a: Float64Array, b: Float64Array, c: Float64Array) =>
    m * n * k < smallProduct && (resident.length === 0 || (residentAt(a) < 0 && residentAt(b) < 0 && residentAt(c) < 0));

  const gemmNN: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) => {
    if (small(m, n, k, a, b, c)) return gemmNNBlocked(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    product(m, n, k, a, aOff, k, 1, b, bOff, false, c, cOff, accumulate);
  };

  const gemmNT: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) => {
    if (small(m, n, k, a, b, c)) return gemmNTBlocked(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    product(m, n, k, a, aOff, k, 1, b, bOff, true, c, cOff, accumulate);
  };

  const gemmTN: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) => {
    if (small(m, n, k, a, b, c)) return gemmTNBlocked(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    product(m, n, k, a, aOff, 1, m, b, bOff, false, c, cOff, accumulate); // A is k×m: A(i, p) = a[p·m + i]
  };

  function withResident<R>(arrays: Float64Array[], writeBack: Float64Array[], fn: () => R): R {
    const outerCount = resident.length;
    const outerBase = base;
    for (const x of arrays) {
      if (residentAt(x) >= 0) continue;
      const at = align(base);
      reserve(at + x.length).set(x, at);
      resident.push({ array: x, at });
      base = at + x.length;
    }
    try {
      return fn();
    } finally {
      const mem = reserve(0);
      for (let r = outerCount; r < resident.length; r++) {
        const { array, at } = resident[r];
        if (writeBack.includes(array)) array.set(mem.subarray(at, at + array.length));
      }
      resident.length = outerCount;
      base = outerBase;
    }
  }

  return { name: 'wasm', detail, gemmNN, gemmNT, gemmTN, withResident };
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
