// Finite-difference gradient check, as torch.autograd.gradcheck: compares the Jacobian that
// backward() computes with central differences (f(x+eps) - f(x-eps)) / 2eps, element by element.
import { noGrad } from '../autograd.ts';
import { Tensor, formatShape } from '../tensor.ts';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Throw with a description of the worst entry (default) or just return false. */
  raiseException?: boolean;
}

function evaluate(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[]): Float64Array {
  return noGrad(() => fn(...inputs)).data.slice();
}

/** True when every analytic Jacobian entry is within atol + rtol·|numeric| of the numeric one. */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  { eps = 1e-6, atol = 1e-5, rtol = 1e-3, raiseException = true }: GradcheckOptions = {},
): boolean {
  const checked = inputs.filter((t) => t.requiresGrad);
  if (checked.length === 0) throw new Error('gradcheck: expected at least one input with requiresGrad = true, got none');
  const output = fn(...inputs);
  if (!output.requiresGrad) throw new Error('gradcheck: the function output does not require grad; is it connected to the inputs?');
  const outSize = output.data.length;

  // Analytic Jacobian rows: one backward pass per output element.
  const analytic = checked.map((t) => new Float64Array(outSize * t.data.length));
  for (let o = 0; o < outSize; o++) {
    for (const t of checked) t.grad = null;
    const seed = new Float64Array(outSize);
    seed[o] = 1;
    const out = fn(...inputs);
    out.backward(new Tensor(seed, out.shape));
    checked.forEach((t, k) => {
      if (t.grad) analytic[k].set(t.grad.data, o * t.data.length);
    });
  }
  for (const t of checked) t.grad = null;

  // Numeric Jacobian by central differences, perturbing one input element at a time.
  for (const [k, t] of checked.entries()) {
    for (let i = 0; i < t.data.length; i++) {
      const original = t.data[i];
      t.data[i] = original + eps;
      const plus = evaluate(fn, inputs);
      t.data[i] = original - eps;
      const minus = evaluate(fn, inputs);
      t.data[i] = original;
      for (let o = 0; o < outSize; o++) {
        const numeric = (plus[o] - minus[o]) / (2 * eps);
        const got = analytic[k][o * t.data.length + i];
        if (!(Math.abs(got - numeric) <= atol + rtol * Math.abs(numeric))) {
          if (!raiseException) return false;
          throw new Error(
            `gradcheck: Jacobian mismatch for input ${inputs.indexOf(t)} (shape ${formatShape(t.shape)}) at ` +
              `input element ${i}, output element ${o}: numerical ${numeric}, analytical ${got} ` +
              `(allowed |difference| ≤ ${atol} + ${rtol}·|numerical|)`,
          );
        }
      }
    }
  }
  return true;
}
