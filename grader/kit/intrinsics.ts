// Pristine copies of the few built-ins the kit relies on, taken when the kit loads. The grader's
// setup file imports the kit before any submission code runs, so a submission that later
// overwrites Array.isArray or Number.prototype.toPrecision cannot bend the kit's verdicts.
import { Opaque } from '../sandbox/codec.ts';

export const isArray = Array.isArray;
export const apply = Reflect.apply;
export const ownKeys = Reflect.ownKeys;
export const getPrototypeOf = Object.getPrototypeOf;
export const freeze = Object.freeze;
export const ErrorClass = Error;
export const StringClass = String;
export const isView = ArrayBuffer.isView;
export const NumberFn = Number;
export const imul = Math.imul;
export const mathLog = Math.log;
export const mathSqrt = Math.sqrt;
export const mathCos = Math.cos;
export const mathFloor = Math.floor;
const toPrecisionMethod = Number.prototype.toPrecision;
const toExponentialMethod = Number.prototype.toExponential;
const jsonStringify = JSON.stringify;

/** Shortest readable form of a number: 6 significant digits, no trailing zeros. */
export function formatNumber(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return '0';
  const magnitude = x < 0 ? -x : x;
  if (magnitude < 1e-4 || magnitude >= 1e6) {
    // "1.00000e-6" -> "1e-6": tiny tolerances and differences read best in exponent form.
    const text = apply(toExponentialMethod, x, [5]) as string;
    const at = text.indexOf('e');
    const mantissa = StringClass(NumberFn(text.slice(0, at)));
    return mantissa + text.slice(at).replace('+', '');
  }
  const text = apply(toPrecisionMethod, x, [6]) as string;
  // toPrecision keeps trailing zeros ("0.500000"); Number() drops them.
  return StringClass(NumberFn(text));
}

/** A short description of any value, for messages about values of the wrong type. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  const kind = typeof value;
  if (kind === 'number') return formatNumber(value as number);
  if (kind === 'string') {
    const text = value as string;
    return text.length > 40 ? jsonStringify(text.slice(0, 40)) + '…' : jsonStringify(text);
  }
  if (kind === 'function') return 'a function';
  if (kind === 'object') {
    if (value instanceof Opaque) return value.toString();
    if (isArray(value)) return `an array of length ${(value as unknown[]).length}`;
    const proto = getPrototypeOf(value);
    const ctorName = proto && typeof proto.constructor === 'function' ? proto.constructor.name : '';
    return ctorName && ctorName !== 'Object' ? `an object of class ${ctorName}` : 'a plain object';
  }
  return StringClass(value);
}
