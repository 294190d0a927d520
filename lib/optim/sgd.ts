// Stochastic gradient descent with optional momentum, dampening, weight decay and Nesterov,
// as torch.optim.SGD. Per parameter, with gradient g:
//   g += weightDecay·θ
//   momentum μ: b = g on the first step, then b = μ·b + (1 - dampening)·g;  g = g + μ·b (nesterov) or g = b
//   θ -= lr·g
import { Optimizer, checkNumber, type ParamsInput } from './optimizer.ts';

export interface SGDOptions {
  /** Learning rate (PyTorch ≥ 2.2's default, 1e-3). */
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
}

export class SGD extends Optimizer<SGDOptions> {
  constructor(params: ParamsInput<SGDOptions>, { lr = 1e-3, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false }: Partial<SGDOptions> = {}) {
    super('SGD', params, { lr, momentum, dampening, weightDecay, nesterov });
  }

  protected validate(group: SGDOptions): void {
    checkNumber('SGD', 'learning rate lr', group.lr);
    checkNumber('SGD', 'momentum value', group.momentum);
    checkNumber('SGD', 'weightDecay value', group.weightDecay);
    if (typeof group.dampening !== 'number' || !Number.isFinite(group.dampening)) {
      throw new Error(`SGD: invalid dampening. Expected a finite number, got ${group.dampening}`);
    }
    if (group.nesterov && (group.momentum <= 0 || group.dampening !== 0)) {
      throw new Error(
        `SGD: Nesterov momentum requires a momentum and zero dampening. Expected momentum > 0 and dampening = 0, ` +
          `got momentum ${group.momentum} and dampening ${group.dampening}`,
      );
    }
  }

  step(): void {
    for (const group of this.paramGroups) {
      const { lr, momentum, dampening, weightDecay, nesterov } = group;
      for (const p of group.params) {
        if (p.grad === null) continue;
        const theta = p.data;
        // A fresh copy: the update never writes into p.grad.
        const g = p.grad.data.slice();
        if (weightDecay !== 0) for (let i = 0; i < g.length; i++) g[i] = g[i] + weightDecay * theta[i];
        if (momentum !== 0) {
          const state = this.stateOf(p);
          let buf = state.momentumBuffer as Float64Array | undefined;
          if (buf === undefined) {
            buf = g.slice();
            state.momentumBuffer = buf;
          } else {
            for (let i = 0; i < g.length; i++) buf[i] = buf[i] * momentum + (1 - dampening) * g[i];
          }
          if (nesterov) for (let i = 0; i < g.length; i++) g[i] = g[i] + momentum * buf[i];
          else g.set(buf);
        }
        for (let i = 0; i < theta.length; i++) theta[i] = theta[i] + -lr * g[i];
      }
    }
  }
}

