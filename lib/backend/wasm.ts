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
  gemm: (m: number, n: number, k: number, a: number, aRow: number, aCol: number, b: number, bRow: number, c: number) => void;
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
function makeBackend(kernel: Kernel, detail: string, smallProduct: number, padRows: boolean): ProductBackend {
  const stride = (width: number) => (padRows ? paddedStride(width) : width);
  let heap = new Float64Array(kernel.memory.buffer);
  /**
   * Resident arrays and where their copies start (in doubles); few at a time, so a list. `padded`:
   * a copy of the k×n block at bOff with padded rows (see paddedStride), made the first time the
   * array is read as B with a stride that needs it, marked stale when a product writes the array,
   * and refreshed in the same place when read again (so a loop that writes and reads the array does
   * not use up memory).
   */
  const resident: {
    array: Float64Array; at: number; padded: { bOff: number; k: number; n: number; at: number; fresh: boolean } | null;
  }[] = [];
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

  /** Index of x's resident entry, or −1. */
  function residentIndex(x: Float64Array): number {
    for (let r = 0; r < resident.length; r++) if (resident[r].array === x) return r;
    return -1;
  }

  /** Where x's resident copy starts, or −1. */
  function residentAt(x: Float64Array): number {
    const r = residentIndex(x);
    return r < 0 ? -1 : resident[r].at;
  }

  /** Copies `rows` rows of `width` doubles from src (row stride `width`) to mem at `to`, row stride `stride`. */
  function copyRows(mem: Float64Array, to: number, stride: number, src: Float64Array, from: number, rows: number, width: number): void {
    if (stride === width) mem.set(src.subarray(from, from + rows * width), to);
    else for (let r = 0; r < rows; r++) mem.set(src.subarray(from + r * width, from + (r + 1) * width), to + r * stride);
  }

  /**
   * Where a resident B (k×n at bOff of its copy) is read from and its row stride: in place when its
   * rows need no padding, else from a padded copy made above the resident copies the first time
   * (`base` moves up past it; withResident puts base back and drops the copy). Null when b is not
   * resident (or is read transposed): the caller copies it in.
   */
  function residentB(b: Float64Array, bOff: number, k: number, n: number, transposeB: boolean): { at: number; stride: number } | null {
    const r = transposeB ? -1 : residentIndex(b);
    if (r < 0) return null;
    const entry = resident[r];
    const padded = stride(n);
    if (padded === n) return { at: entry.at + bOff, stride: n };
    const cached = entry.padded;
    if (cached && cached.fresh && cached.bOff === bOff && cached.k === k && cached.n === n) return { at: cached.at, stride: padded };
    let at: number;
    if (cached && cached.k === k && cached.n === n) at = cached.at; // same size: refresh it where it is
    else {
      at = align(base);
      base = align(at + k * padded);
    }
    const mem = reserve(base);
    for (let p = 0; p < k; p++) mem.copyWithin(at + p * padded, entry.at + bOff + p * n, entry.at + bOff + (p + 1) * n);
    entry.padded = { bOff, k, n, at, fresh: true };
    return { at, stride: padded };
  }

  /**
   * C (+)= A·B with A m×k (row-major at aOff) or, when `transposeA`, Aᵀ of the k×m rows at aOff;
   * B = b[bOff …] as k×n rows, or, when `transposeB`, b[bOff …] as n×k rows read as its transpose.
   * Operands with a resident copy are used in place (B through a padded copy where its rows need
   * one); the others are copied in, rows padded where they need it (and C back out).
   */
  function product(
    m: number, n: number, k: number, a: Float64Array, aOff: number, transposeA: boolean,
    b: Float64Array, bOff: number, transposeB: boolean, c: Float64Array, cOff: number, accumulate: boolean,
  ): void {
    const cIndex = residentIndex(c);
    const cPadded = cIndex >= 0 ? resident[cIndex].padded : null;
    if (cPadded) cPadded.fresh = false; // written below: its padded copy must be refreshed before it is read
    const placedB = residentB(b, bOff, k, n, transposeB); // first: it may move base up
    const aRes = residentAt(a);
    const cRes = cIndex >= 0 ? resident[cIndex].at : -1;
    // A: row-major m×k (aRow = k, aCol = 1), or k rows of m read transposed (aRow = 1, aCol = its row stride).
    const aWidth = transposeA ? m : k;
    const aRowsStored = transposeA ? k : m;
    const aStride = aRes < 0 && transposeA ? stride(m) : aWidth;
    let top = base;
    const aAt = aRes >= 0 ? aRes + aOff : top;
    if (aRes < 0) top = align(top + aRowsStored * aStride);
    const bStride = placedB ? placedB.stride : stride(n);
    const bAt = placedB ? placedB.at : top;
    if (!placedB) top = align(top + k * bStride);
    const cAt = cRes >= 0 ? cRes + cOff : top;
    if (cRes < 0) top += m * n;
    const mem = reserve(top);
    if (aRes < 0) copyRows(mem, aAt, aStride, a, aOff, aRowsStored, aWidth);
    if (!placedB && !transposeB) copyRows(mem, bAt, bStride, b, bOff, k, n);
    if (!placedB && transposeB) {
      // B is n×k; the kernel reads it as Bᵀ, k×n (from its resident copy if it has one).
      const bCopy = residentAt(b);
      const src = bCopy >= 0 ? mem : b;
      const from0 = bCopy >= 0 ? bCopy + bOff : bOff;
      for (let j = 0; j < n; j++) {
        const from = from0 + j * k;
        for (let p = 0, to = bAt + j; p < k; p++, to += bStride) mem[to] = src[from + p];
      }
    }
    if (cRes >= 0) {
      if (!accumulate) mem.fill(0, cAt, cAt + m * n);
    } else if (accumulate) mem.set(c.subarray(cOff, cOff + m * n), cAt);
    else mem.fill(0, cAt, cAt + m * n);
    const [aRow, aCol] = transposeA ? [1, aStride] : [aStride, 1];
    kernel.gemm(m, n, k, aAt * 8, aRow * 8, aCol * 8, bAt * 8, bStride * 8, cAt * 8);
    if (cRes < 0) c.set(mem.subarray(cAt, cAt + m * n), cOff);
  }

  /** Small products go to the js kernels (same bits), unless an operand lives here. */
  const small = (m: number, n: number, k: number, a: Float64Array, b: Float64Array, c: Float64Array) =>
    m * n * k < smallProduct && (resident.length === 0 || (residentAt(a) < 0 && residentAt(b) < 0 && residentAt(c) < 0));

  const gemmNN: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) => {
    if (small(m, n, k, a, b, c)) return gemmNNBlocked(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    product(m, n, k, a, aOff, false, b, bOff, false, c, cOff, accumulate);
  };

  const gemmNT: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) => {
    if (small(m, n, k, a, b, c)) return gemmNTBlocked(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    product(m, n, k, a, aOff, false, b, bOff, true, c, cOff, accumulate);
  };

  const gemmTN: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) => {
    if (small(m, n, k, a, b, c)) return gemmTNBlocked(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    product(m, n, k, a, aOff, true, b, bOff, false, c, cOff, accumulate); // A is k×m: A(i, p) = a[p·m + i]
  };

  function withResident<R>(arrays: Float64Array[], writeBack: Float64Array[], fn: () => R): R {
    const outerCount = resident.length;
    const outerBase = base;
    for (const x of arrays) {
      if (residentAt(x) >= 0) continue;
      const at = align(base);
      reserve(at + x.length).set(x, at);
      resident.push({ array: x, at, padded: null });
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
      // Padded copies made in this call lay above outerBase: that memory is free again.
      for (const entry of resident) if (entry.padded && entry.padded.at >= base) entry.padded = null;
    }
  }

  return { name: 'wasm', detail, gemmNN, gemmNT, gemmTN, withResident };
}

/**
 * The row stride (in doubles) at which an operand read down its columns is laid out here. Rows
 * 2 KiB apart or a multiple of it fall into the same few L1 cache sets, so walking k rows of a
 * column panel misses L1 at every step: LSTM h128's h W_hhᵀ and ∂W_hh products ran at about 13
 * GFLOP/s unpadded and 21 padded here (npx tsx scripts/bench/gemm-strides.ts). Four doubles more per
 * row spread them out; only the layout in this memory changes, never the order of the sums.
 */
export function paddedStride(width: number): number {
  return width % 256 === 0 ? width + 4 : width;
}

/** Rounds a float64 index up to a 16-byte boundary, where v128 loads are fastest. */
function align(doubles: number): number {
  return doubles + (doubles & 1);
}

const instances: { exact?: ProductBackend; fma?: ProductBackend } = {};

/**
 * The wasm backend; `fma` selects the relaxed-FMA module (not bit-reproducible across machines).
 * `smallProduct` (tests only) overrides the size under which products go to the js kernels; 0
 * sends every product through WebAssembly. `padRows: false` (measurements only: scripts/bench/
 * gemm-strides.ts) lays rows out unpadded, to show what paddedStride saves.
 */
export function wasmBackend(fma: boolean, { smallProduct, padRows = true }: { smallProduct?: number; padRows?: boolean } = {}): ProductBackend {
  if (fma) enableRelaxedSimd();
  const file = fma ? 'gemm-fma.wasm' : 'gemm.wasm';
  const detail = fma ? 'f64x2 SIMD + relaxed FMA (rounding depends on the CPU)' : 'f64x2 SIMD, mul then add (bit-identical to js)';
  if (smallProduct !== undefined || !padRows) return makeBackend(instantiate(file), detail, smallProduct ?? SMALL_PRODUCT, padRows);
  const key = fma ? 'fma' : 'exact';
  instances[key] ??= makeBackend(instantiate(file), detail, SMALL_PRODUCT, true);
  return instances[key];
}
