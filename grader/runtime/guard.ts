// Undoing what one check's code did to shared objects, so it cannot sabotage (or help) the next
// check: patched built-ins (Math.random, Array.prototype.map, Object.prototype pollution),
// patched classes of the course library, and timers left running after the check returned.

import { promisify } from 'node:util';

type Descriptors = Map<PropertyKey, PropertyDescriptor>;

interface Snapshot {
  target: object;
  descriptors: Descriptors;
  /** Whether keys added later should be removed (prototypes), or left alone (globalThis). */
  removeAdded: boolean;
  /** Only restore function-valued properties (static methods of a class), not its data. */
  functionsOnly: boolean;
}

const getOwnDescriptors = Object.getOwnPropertyDescriptors;
const defineProperty = Reflect.defineProperty;
const deleteProperty = Reflect.deleteProperty;
const ownKeys = Reflect.ownKeys;
const getDescriptor = Reflect.getOwnPropertyDescriptor;
const getPrototypeOf = Reflect.getPrototypeOf;

// The built-ins a numerical submission is most tempted to patch, with their prototypes.
const BUILTIN_NAMES = [
  'Object', 'Function', 'Array', 'Number', 'String', 'Boolean', 'Symbol', 'BigInt', 'Math', 'JSON', 'Reflect',
  'Promise', 'Error', 'TypeError', 'RangeError', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Date', 'RegExp',
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array',
  'Int16Array', 'Uint16Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'BigInt64Array', 'BigUint64Array',
  'Atomics', 'structuredClone', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval',
  'clearImmediate', 'queueMicrotask', 'globalThis', 'console', 'process',
];

function take(target: object, removeAdded: boolean, functionsOnly = false): Snapshot {
  const descriptors: Descriptors = new Map();
  const all = getOwnDescriptors(target) as Record<PropertyKey, PropertyDescriptor>;
  for (const key of ownKeys(all)) descriptors.set(key, all[key as string]);
  return { target, descriptors, removeAdded, functionsOnly };
}

function sameDescriptor(a: PropertyDescriptor | undefined, b: PropertyDescriptor): boolean {
  return !!a && a.value === b.value && a.get === b.get && a.set === b.set
    && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
}

function restore(snapshot: Snapshot): void {
  const { target, descriptors } = snapshot;
  for (const [key, original] of descriptors) {
    if (snapshot.functionsOnly && typeof original.value !== 'function') continue;
    const now = getDescriptor(target, key);
    if (!sameDescriptor(now, original)) defineProperty(target, key, original);
  }
  if (!snapshot.removeAdded) return;
  for (const key of ownKeys(target)) {
    if (!descriptors.has(key)) deleteProperty(target, key);
  }
}

function isModuleNamespace(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[Symbol.toStringTag] === 'Module';
}

export interface Guard {
  /** Put every watched object back as it was when the guard was created. */
  restoreAll(): void;
  /** Add a module's exports (classes: prototype and static methods; plain objects: own properties). */
  watchModule(namespace: Record<string, unknown>): void;
}

export function createGuard(): Guard {
  const snapshots: Snapshot[] = [];
  const seen = new Set<object>();
  const watch = (target: unknown, removeAdded: boolean, functionsOnly = false): void => {
    if ((typeof target !== 'object' && typeof target !== 'function') || target === null || seen.has(target)) return;
    seen.add(target);
    snapshots.push(take(target, removeAdded, functionsOnly));
  };
  const root = globalThis as unknown as Record<string, unknown>;
  // globalThis: restore the built-in bindings, leave other globals (vitest's among them) alone.
  const globalSnapshot: Snapshot = { target: globalThis, descriptors: new Map(), removeAdded: false, functionsOnly: false };
  for (const name of BUILTIN_NAMES) {
    const descriptor = getDescriptor(globalThis, name);
    if (descriptor) globalSnapshot.descriptors.set(name, descriptor);
  }
  snapshots.push(globalSnapshot);
  seen.add(globalThis);
  for (const name of BUILTIN_NAMES) {
    const value = root[name];
    if (name === 'process' || name === 'console' || name === 'globalThis') continue;
    watch(value, false);
    if (typeof value === 'function' && value.prototype) watch(value.prototype, true);
  }
  // %TypedArray% and the iterator prototypes are shared by many built-ins.
  const typedArray = getPrototypeOf(Float64Array) as { prototype: object } | null;
  if (typedArray) {
    watch(typedArray, false);
    watch(typedArray.prototype, true);
  }
  watch(getPrototypeOf([][Symbol.iterator]()), true);
  watch(getPrototypeOf(new Map()[Symbol.iterator]()), true);
  return {
    restoreAll() {
      for (const snapshot of snapshots) {
        try {
          restore(snapshot);
        } catch {
          // A frozen or non-configurable property cannot be put back; keep restoring the rest.
        }
      }
    },
    watchModule(namespace) {
      const visit = (exports: Record<string, unknown>, depth: number): void => {
        for (const key of Object.keys(exports)) {
          const value = exports[key];
          if (isModuleNamespace(value)) {
            // `export * as nn from ...`: its classes need watching too.
            if (depth < 2) visit(value as Record<string, unknown>, depth + 1);
          } else if (typeof value === 'function') {
            // Static data (counters, flags) belongs to the library; only methods are restored.
            watch(value, false, true);
            if (value.prototype) watch(value.prototype, true);
          } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
            watch(value, false, true);
          }
        }
      };
      visit(namespace, 0);
    },
  };
}

type TimerKind = 'timeout' | 'interval' | 'immediate';

/** Wraps the global timer functions so the timers a check leaves behind can be cancelled after it. */
export function trackTimers(): { startCheck(): void; clearLeftovers(): number } {
  const live = new Map<unknown, TimerKind>();
  const g = globalThis as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = {
    setTimeout: g.setTimeout, setInterval: g.setInterval, setImmediate: g.setImmediate,
    clearTimeout: g.clearTimeout, clearInterval: g.clearInterval, clearImmediate: g.clearImmediate,
  };
  const wrap = (name: 'setTimeout' | 'setInterval' | 'setImmediate', kind: TimerKind) => {
    const original = originals[name];
    const wrapped = function (this: unknown, callback: unknown, ...rest: unknown[]) {
      let handle: unknown;
      const run = typeof callback === 'function' && kind !== 'interval'
        ? function (this: unknown, ...args: unknown[]) { live.delete(handle); return (callback as (...a: unknown[]) => unknown).apply(this, args); }
        : callback;
      handle = original.call(this, run, ...rest);
      live.set(handle, kind);
      return handle;
    };
    Object.defineProperty(wrapped, 'name', { value: name });
    // util.promisify(setTimeout) looks for this symbol on the function.
    const custom = (original as unknown as Record<symbol, unknown>)[promisify.custom];
    if (custom) Object.defineProperty(wrapped, promisify.custom, { value: custom });
    g[name] = wrapped;
  };
  wrap('setTimeout', 'timeout');
  wrap('setInterval', 'interval');
  wrap('setImmediate', 'immediate');
  return {
    startCheck() {
      // Timers from before the check (the suite's own set-up) are not the check's to cancel.
      live.clear();
    },
    clearLeftovers() {
      let count = 0;
      for (const [handle, kind] of live) {
        if (kind === 'immediate') originals.clearImmediate(handle);
        else if (kind === 'interval') originals.clearInterval(handle);
        else originals.clearTimeout(handle);
        count++;
      }
      live.clear();
      return count;
    },
  };
}
