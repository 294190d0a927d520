// A pool of large Float64Arrays for the temporaries of the recurrent kernels and of the gradient
// plumbing around them.
//
// Why: a training step of a recurrent model needs tens of megabytes of temporaries (gate values,
// δ, the gradient of every output). Freshly allocated, each large buffer comes from the operating
// system page by page, zero-filled on first touch; that page-faulting cost a fifth to a third of a
// step. Buffers handed back here are reused by the next step of the same shape, already mapped.
//
// Safety rule: a buffer is released only by the code that owns it, at a point after which nothing
// can read or write it again — a kernel's step-local scratch at the end of the call, a kernel's
// saved-for-backward values when its backward pass has consumed them (see SavedBuffers), a gradient
// buffer by the backward function it was handed to (autograd.ts: the callee owns gradOutput).
// Never a buffer a Tensor exposes as its data. lib/test/buffer-pool.test.ts holds the kernels to it.

/** Below this many doubles (64 KiB) the allocator is fast anyway: such buffers are not pooled. */
const POOLED_MIN_LENGTH = 8192;
/** At most this many bytes wait in the pool; beyond it released buffers are left to the GC. */
const MAX_POOLED_BYTES = 256 * 1024 * 1024;
/**
 * At most this many buffers of one length wait in the pool: a step uses a few of each size, and
 * a size that is released more often than taken must not fill the pool.
 */
const MAX_PER_LENGTH = 8;

const free = new Map<number, Float64Array[]>(); // by length
let pooledBytes = 0;
let minLength = POOLED_MIN_LENGTH;
let poison = false;

/**
 * For tests: pool buffers from `minLength` doubles up (0: every buffer; Infinity: none), and with
 * `poison` fill every released buffer with NaN, so that a read after release shows in the results.
 * Returns the previous settings.
 */
export function configureBufferPool(options: { minLength?: number; poison?: boolean }): { minLength: number; poison: boolean } {
  const previous = { minLength, poison };
  minLength = options.minLength ?? minLength;
  poison = options.poison ?? poison;
  clearBufferPool();
  return previous;
}

/** A buffer of `length` doubles, zero-filled unless `zero` is false (then its contents are arbitrary). */
export function takeBuffer(length: number, zero = true): Float64Array {
  const buffer = length >= minLength && length > 0 ? free.get(length)?.pop() : undefined;
  if (buffer === undefined) return new Float64Array(length);
  pooledBytes -= buffer.byteLength;
  if (zero) buffer.fill(0);
  return buffer;
}

/**
 * Hands a buffer back for reuse. The caller promises that nothing will touch it again. Views into
 * a larger buffer and small buffers are ignored (left to the GC).
 */
export function releaseBuffer(buffer: Float64Array): void {
  const length = buffer.length;
  if (length < minLength || length === 0 || buffer.byteOffset !== 0 || buffer.byteLength !== buffer.buffer.byteLength) return;
  let list = free.get(length);
  if (list === undefined) {
    list = [];
    free.set(length, list);
  }
  // Releasing twice would hand one buffer to two owners later: a bug in the caller, caught here.
  if (list.includes(buffer)) throw new Error('releaseBuffer: this buffer is already in the pool (released twice)');
  if (poison) buffer.fill(NaN);
  if (list.length >= MAX_PER_LENGTH || pooledBytes + buffer.byteLength > MAX_POOLED_BYTES) return;
  list.push(buffer);
  pooledBytes += buffer.byteLength;
}

/** Empties the pool (tests; or to give the memory back to the system). */
export function clearBufferPool(): void {
  free.clear();
  pooledBytes = 0;
}

/** How many buffers and bytes wait in the pool (tests and reports). */
export function bufferPoolStats(): { buffers: number; bytes: number } {
  let buffers = 0;
  for (const list of free.values()) buffers += list.length;
  return { buffers, bytes: pooledBytes };
}

/**
 * What a kernel's forward pass keeps for its backward pass, in pooled buffers. The backward pass
 * calls get(), then release() once it no longer needs them. A second backward pass through the
 * same graph (the graph kept and differentiated again) finds them released and gets them
 * recomputed from the forward pass's inputs: the same bits, so results never depend on whether
 * the graph was reused.
 */
export class SavedBuffers<T extends Record<string, Float64Array>> {
  private buffers: T | null;
  private readonly recompute: () => T;

  constructor(buffers: T, recompute: () => T) {
    this.buffers = buffers;
    this.recompute = recompute;
  }

  get(): T {
    this.buffers ??= this.recompute();
    return this.buffers;
  }

  release(): void {
    if (this.buffers === null) return;
    for (const buffer of Object.values(this.buffers)) releaseBuffer(buffer);
    this.buffers = null;
  }
}
