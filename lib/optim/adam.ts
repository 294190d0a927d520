// Adam, as torch.optim.Adam (weight decay added to the gradient as L2, not AdamW). Per parameter,
// at step t with gradient g:
//   g += weightDecay·θ
//   m = β₁·m + (1 - β₁)·g            v = β₂·v + (1 - β₂)·g²     (amsgrad: v̂ = max(v̂, v), used below)
//   θ -= lr / (1 - β₁ᵗ) · m / (√v / √(1 - β₂ᵗ) + eps)
import { Optimizer, checkNumber, type ParamsInput } from './optimizer.ts';

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
}

interface AdamState {
  step: number;
  expAvg: Float64Array;
  expAvgSq: Float64Array;
  maxExpAvgSq: Float64Array | null;
}

export class Adam extends Optimizer<AdamOptions> {
  constructor(
    params: ParamsInput<AdamOptions>,
    { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false }: Partial<AdamOptions> = {},
  ) {
    super('Adam', params, { lr, betas, eps, weightDecay, amsgrad });
  }

  protected validate(group: AdamOptions): void {
    checkNumber('Adam', 'learning rate lr', group.lr);
    checkNumber('Adam', 'epsilon value eps', group.eps);
    checkNumber('Adam', 'weightDecay value', group.weightDecay);
    if (!Array.isArray(group.betas) || group.betas.length !== 2) {
      throw new Error(`Adam: betas must be a pair [beta1, beta2], got ${JSON.stringify(group.betas)}`);
    }
    group.betas.forEach((b, i) => {
      if (typeof b !== 'number' || !(b >= 0 && b < 1)) {
        throw new Error(`Adam: invalid beta parameter at index ${i}. Expected a number in [0, 1), got ${b}`);
      }
    });
  }

  step(): void {
    for (const group of this.paramGroups) {
      const { lr, eps, weightDecay, amsgrad } = group;
      const [beta1, beta2] = group.betas;
      for (const p of group.params) {
        if (p.grad === null) continue;
        const theta = p.data;
        const n = theta.length;
        const raw = this.stateOf(p);
        if (raw.step === undefined) {
          Object.assign(raw, {
            step: 0,
            expAvg: new Float64Array(n),
            expAvgSq: new Float64Array(n),
            maxExpAvgSq: amsgrad ? new Float64Array(n) : null,
          } satisfies AdamState);
        }
        const state = raw as unknown as AdamState;
        state.step += 1;
        const { expAvg: m, expAvgSq: v } = state;
        const g = p.grad.data.slice();
        if (weightDecay !== 0) for (let i = 0; i < n; i++) g[i] = g[i] + weightDecay * theta[i];
        for (let i = 0; i < n; i++) {
          m[i] = m[i] * beta1 + (1 - beta1) * g[i];
          v[i] = v[i] * beta2 + (1 - beta2) * g[i] * g[i];
        }
        const biasCorrection1 = 1 - beta1 ** state.step;
        const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** state.step);
        const stepSize = lr / biasCorrection1;
        let second = v;
        if (amsgrad) {
          if (state.maxExpAvgSq === null) state.maxExpAvgSq = new Float64Array(n);
          const vMax = state.maxExpAvgSq;
          for (let i = 0; i < n; i++) vMax[i] = Math.max(vMax[i], v[i]);
          second = vMax;
        }
        for (let i = 0; i < n; i++) {
          const denom = Math.sqrt(second[i]) / biasCorrection2Sqrt + eps;
          theta[i] = theta[i] + -stepSize * (m[i] / denom);
        }
      }
    }
  }
}
