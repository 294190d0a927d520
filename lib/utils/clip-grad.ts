// Gradient clipping, as torch.nn.utils.clip_grad_norm_ / clip_grad_value_. Both change `.grad`
// in place; parameters without a gradient are skipped.
import { Tensor } from '../tensor.ts';

export type NormType = number | 'inf';

/** A single tensor or any iterable of tensors (e.g. model.parameters()). */
function gradsOf(params: Tensor | Iterable<Tensor>, fn: string): Tensor[] {
  if (params instanceof Tensor) return params.grad ? [params.grad] : [];
  if (params === null || params === undefined || typeof (params as Iterable<Tensor>)[Symbol.iterator] !== 'function') {
    throw new Error(`${fn}: expected a Tensor or an iterable of Tensors (e.g. model.parameters()), got ${params === null ? 'null' : typeof params}`);
  }
  const grads: Tensor[] = [];
  let i = 0;
  for (const p of params) {
    if (!(p instanceof Tensor)) throw new Error(`${fn}: expected every parameter to be a Tensor, got ${p === null ? 'null' : typeof p} at position ${i}`);
    if (p.grad !== null) grads.push(p.grad);
    i++;
  }
  return grads;
}

/** The p-norm of a list of numbers, as torch.linalg.vector_norm (p = inf: max |x|, -inf: min |x|, 0: count of non-zeros). */
function vectorNorm(values: ArrayLike<number>, p: number): number {
  const n = values.length;
  if (p === Infinity || p === -Infinity) {
    if (n === 0) return p === Infinity ? 0 : Infinity;
    let best = Math.abs(values[0]);
    for (let i = 1; i < n; i++) {
      const a = Math.abs(values[i]);
      // NaN wins, as in PyTorch's max/min
      if (Number.isNaN(a) || (p === Infinity ? a > best : a < best)) best = a;
      if (Number.isNaN(best)) break;
    }
    return best;
  }
  if (p === 0) {
    let count = 0;
    for (let i = 0; i < n; i++) if (values[i] !== 0) count++;
    return count;
  }
  let total = 0;
  if (p === 1) {
    for (let i = 0; i < n; i++) total += Math.abs(values[i]);
    return total;
  }
  if (p === 2) {
    for (let i = 0; i < n; i++) total += values[i] * values[i];
    return Math.sqrt(total);
  }
  for (let i = 0; i < n; i++) total += Math.abs(values[i]) ** p;
  return total ** (1 / p);
}

function parseNormType(normType: NormType): number {
  const p = normType === 'inf' ? Infinity : normType;
  if (typeof p !== 'number' || Number.isNaN(p) || (p < 0 && p !== -Infinity)) {
    throw new Error(`clipGradNorm_: normType must be a non-negative number, 'inf' or Infinity. Got ${JSON.stringify(normType) ?? String(normType)}`);
  }
  return p;
}

/**
 * Rescales the gradients so that their joint norm is at most maxNorm, and returns that norm
 * measured before clipping: total = ‖(‖g₁‖, …, ‖g_k‖)‖_p, every gradient multiplied by
 * min(1, maxNorm / (total + 1e-6)).
 */
export function clipGradNorm_(
  params: Tensor | Iterable<Tensor>,
  maxNorm: number,
  normType: NormType = 2,
  { errorIfNonfinite = false }: { errorIfNonfinite?: boolean } = {},
): number {
  if (typeof maxNorm !== 'number' || Number.isNaN(maxNorm) || maxNorm < 0) {
    throw new Error(`clipGradNorm_: maxNorm must be a non-negative number, got ${maxNorm}`);
  }
  const p = parseNormType(normType);
  const grads = gradsOf(params, 'clipGradNorm_');
  if (grads.length === 0) return 0;
  const perParam = grads.map((g) => vectorNorm(g.data, p));
  const total = vectorNorm(perParam, p);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(
      `clipGradNorm_: the total norm of order ${normType === Infinity ? "'inf'" : JSON.stringify(normType)} for gradients is non-finite ` +
        `(got ${total}), so it cannot be clipped. Expected a finite norm; to scale the gradients by the non-finite norm anyway, ` +
        `set errorIfNonfinite to false`,
    );
  }
  // PyTorch multiplies even when the coefficient is 1 (so a NaN total spreads NaN, as there).
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  for (const g of grads) {
    const d = g.data;
    for (let i = 0; i < d.length; i++) d[i] *= coef;
  }
  return total;
}

/** Clamps every gradient element into [-clipValue, clipValue]. */
export function clipGradValue_(params: Tensor | Iterable<Tensor>, clipValue: number): void {
  if (typeof clipValue !== 'number' || Number.isNaN(clipValue) || clipValue < 0) {
    throw new Error(`clipGradValue_: clipValue must be a non-negative number, got ${clipValue}`);
  }
  for (const g of gradsOf(params, 'clipGradValue_')) {
    const d = g.data;
    for (let i = 0; i < d.length; i++) d[i] = Math.min(Math.max(d[i], -clipValue), clipValue);
  }
}
