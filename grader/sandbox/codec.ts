// Plain data across the judge/probe boundary. A probe's result leaves the submission's process as
// JSON text; this module turns values into JSON-able trees (encode, in the sandbox) and checks and
// rebuilds them (decode, in the judge). JSON cannot say NaN, ±Infinity, -0 or undefined, so those
// travel as one-key objects tagged with '$'. Nothing here may import outside grader/sandbox: the
// folder is copied into every sandbox on its own.

/** Limits the judge enforces on everything a submission's process sends (and the sandbox on what it encodes). */
export const WIRE_LIMITS = {
  /** Nesting of arrays and objects. */
  maxDepth: 48,
  /** Numbers, strings, arrays and objects in one message. */
  maxNodes: 4_000_000,
  /** Characters in one string. */
  maxStringLength: 20_000,
  /** Characters in one message line (about 32 MB of JSON). */
  maxLineLength: 32_000_000,
} as const;

/** A value the judge cannot look into: a function, a class instance or an error of the submission's. */
export class Opaque {
  constructor(readonly kind: 'object' | 'function' | 'error', readonly className: string) {}
  toString(): string {
    return this.kind === 'function' ? 'a function' : this.kind === 'error' ? `an error (${this.className})` : `an object of class ${this.className}`;
  }
}

/** What the judge gets back: JSON-like values plus non-finite numbers, undefined and opaque markers. */
export type Plain = null | undefined | boolean | number | string | Opaque | Plain[] | { [key: string]: Plain };

/** Identifier-like names only, so no free text of the submission's travels in a class name. */
function safeName(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  const clean = text.replace(/[^A-Za-z0-9_$]/g, '').slice(0, 40);
  return clean === '' ? 'anonymous' : clean;
}

interface TensorLike { shape: unknown; toArray: () => unknown }
interface MatrixLike { rows: number; columns: number; to2DArray: () => unknown }

function isTensorLike(value: object): value is TensorLike {
  return Array.isArray((value as TensorLike).shape) && typeof (value as TensorLike).toArray === 'function';
}

function isMatrixLike(value: object): value is MatrixLike {
  return typeof (value as MatrixLike).to2DArray === 'function' && typeof (value as MatrixLike).rows === 'number';
}

function encodeNumber(value: number): unknown {
  if (value !== value) return { $n: 'NaN' };
  if (value === Infinity) return { $n: 'Infinity' };
  if (value === -Infinity) return { $n: '-Infinity' };
  if (value === 0 && 1 / value < 0) return { $n: '-0' };
  return value;
}

/**
 * Turns a probe's result into a JSON-able tree. Tensors become nested arrays (toArray), ml-matrix
 * matrices 2-D arrays (to2DArray), typed arrays plain arrays; other class instances and functions
 * become opaque markers. Throws a RangeError past the limits (a cycle ends at the depth limit).
 */
export function encode(value: unknown): unknown {
  let nodes = 0;
  const walk = (v: unknown, depth: number): unknown => {
    if (++nodes > WIRE_LIMITS.maxNodes) throw new RangeError(`the result has more than ${WIRE_LIMITS.maxNodes} values`);
    if (depth > WIRE_LIMITS.maxDepth) throw new RangeError(`the result nests deeper than ${WIRE_LIMITS.maxDepth} levels (a cycle?)`);
    switch (typeof v) {
      case 'number': return encodeNumber(v);
      case 'string':
        if (v.length > WIRE_LIMITS.maxStringLength) throw new RangeError(`the result holds a string of ${v.length} characters (at most ${WIRE_LIMITS.maxStringLength})`);
        return v;
      case 'boolean': return v;
      case 'undefined': return { $u: 1 };
      case 'function': return { $fn: safeName(v.name) };
      case 'bigint': return encodeNumber(Number(v));
      case 'symbol': return { $obj: 'Symbol' };
      default: break;
    }
    if (v === null) return null;
    const object = v as object;
    if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
      const view = object as unknown as ArrayLike<number>;
      const out: unknown[] = [];
      for (let i = 0; i < view.length; i++) out.push(walk(Number(view[i]), depth + 1));
      return out;
    }
    if (Array.isArray(object)) return object.map((item) => walk(item, depth + 1));
    if (object instanceof Error) return { $error: safeName(object.name) };
    if (isTensorLike(object)) return walk(object.toArray(), depth + 1);
    if (isMatrixLike(object)) return walk(object.to2DArray(), depth + 1);
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) return { $obj: safeName(proto?.constructor?.name) };
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(object)) {
      // Keys that start with '$' are escaped with one more '$', so data never reads as a tag.
      out[key.startsWith('$') ? `$${key}` : key] = walk((object as Record<string, unknown>)[key], depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}

/** Why a message from the submission's process was refused. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

const NUMBER_TAGS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/**
 * Checks and rebuilds a parsed tree from the other side: types, depth and size are checked, and
 * objects are rebuilt key by key with defineProperty, so a key such as '__proto__' stays a plain key.
 */
export function decode(tree: unknown): Plain {
  let nodes = 0;
  const walk = (v: unknown, depth: number): Plain => {
    if (++nodes > WIRE_LIMITS.maxNodes) throw new WireError(`more than ${WIRE_LIMITS.maxNodes} values`);
    if (depth > WIRE_LIMITS.maxDepth) throw new WireError(`nested deeper than ${WIRE_LIMITS.maxDepth} levels`);
    if (v === null || typeof v === 'boolean' || typeof v === 'number') return v;
    if (typeof v === 'string') {
      if (v.length > WIRE_LIMITS.maxStringLength) throw new WireError(`a string of ${v.length} characters`);
      return v;
    }
    if (Array.isArray(v)) {
      const out: Plain[] = [];
      for (let i = 0; i < v.length; i++) out.push(walk(v[i], depth + 1));
      return out;
    }
    if (typeof v !== 'object') throw new WireError(`a value of type ${typeof v}`);
    const keys = Object.keys(v);
    const record = v as Record<string, unknown>;
    if (keys.length === 1 && keys[0].startsWith('$') && !keys[0].startsWith('$$')) {
      const tag = keys[0];
      const body = record[tag];
      if (tag === '$n' && typeof body === 'string' && body in NUMBER_TAGS) return NUMBER_TAGS[body];
      if (tag === '$u') return undefined;
      if (tag === '$fn') return new Opaque('function', safeName(body));
      if (tag === '$obj') return new Opaque('object', safeName(body));
      if (tag === '$error') return new Opaque('error', safeName(body));
      throw new WireError(`an unknown tag ${safeName(tag)}`);
    }
    const out: { [key: string]: Plain } = {};
    for (const key of keys) {
      const name = key.startsWith('$$') ? key.slice(1) : key;
      Object.defineProperty(out, name, { value: walk(record[key], depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return walk(tree, 0);
}

/** Messages the sandbox sends, one JSON object a line. */
export type SandboxMessage =
  | { event: 'ready' }
  | { event: 'loading'; id: number; module: string }
  | { event: 'loaded'; id: number; module: string }
  | { event: 'result'; id: number; ok: true; value: unknown }
  | { event: 'result'; id: number; ok: false; error: RemoteErrorInfo };

/** A thrown error, described by the sandbox. Every field is the submission's word: the judge treats it as data. */
export interface RemoteErrorInfo {
  /** The error's class name (identifier characters only), or 'non-error' for a thrown value that is not an Error. */
  name: string;
  message: string;
  /** Thrown while importing an exercise file (as opposed to while calling into it). */
  phase: 'load' | 'call';
  /** The first stack frame inside the exercise folder: "file.ts:12". */
  where?: string;
}

/** A request from the judge: run this probe (function source text) on this input. */
export interface ProbeRequest {
  id: number;
  source: string;
  input: unknown;
  /** Exercise files that hung or killed the process while loading earlier: loading them fails at once. */
  poisoned: string[];
}
