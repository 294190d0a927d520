// Cross-entropy on raw scores (logits), as torch.nn.CrossEntropyLoss: log-softmax over the class
// dimension, then the negative log-likelihood of the target class:
//   l_n = -w[y_n] · log softmax(x_n)[y_n]   for y_n ≠ ignoreIndex (0 otherwise).
// Input (N, C) with target (N), input (N, C, d1, …) with target (N, d1, …), or input (C) with a 0-d target.
import { fromOp } from '../../autograd.ts';
import { Tensor, formatShape } from '../../tensor.ts';
import { Module } from '../module.ts';
import { checkReduction, describe, type Reduction } from './reduction.ts';

export interface CrossEntropyLossOptions {
  /** A manual rescaling weight for each class, shape (C). */
  weight?: Tensor | null;
  /** Targets equal to this value contribute neither loss nor gradient (PyTorch's default -100). */
  ignoreIndex?: number;
  reduction?: Reduction;
}

/**
 * Negative log-likelihood of the target classes, given log-probabilities with classes on dim 1
 * (dim 0 for an unbatched 1-D input). 'mean' divides by the summed weight of the non-ignored
 * targets (their count without weights); all targets ignored gives NaN, as in PyTorch.
 */
export function nllLoss(
  logProbs: Tensor,
  target: Tensor,
  { weight = null, ignoreIndex = -100, reduction = 'mean', lossName = 'NLLLoss' }:
    { weight?: Tensor | null; ignoreIndex?: number; reduction?: Reduction; lossName?: string } = {},
): Tensor {
  const unbatched = logProbs.ndim === 1;
  const classDim = unbatched ? 0 : 1;
  const numClasses = logProbs.shape[classDim];
  const batch = unbatched ? 1 : logProbs.shape[0];
  const inner = unbatched ? 1 : logProbs.shape.slice(2).reduce((a, b) => a * b, 1);
  const w = weight?.data ?? null;
  const lp = logProbs.data;
  const t = target.data;

  // For each target position: the flat offset of its log-probability and its weight (0 if ignored).
  const count = batch * inner;
  const pick = new Int32Array(count);
  const picked = new Float64Array(count);
  let totalWeight = 0;
  for (let n = 0; n < batch; n++) {
    for (let j = 0; j < inner; j++) {
      const i = n * inner + j;
      const cls = t[i];
      if (cls === ignoreIndex) {
        pick[i] = -1;
        continue;
      }
      if (!Number.isInteger(cls) || cls < 0 || cls >= numClasses) {
        const what = Number.isInteger(cls) ? `target ${cls} is out of bounds` : 'target must hold integer class indices';
        throw new Error(
          `${lossName}: ${what}. Expected a class index in [0, ${numClasses - 1}] (or ignoreIndex ${ignoreIndex}), ` +
            `got ${cls} at flat index ${i} of target shape ${formatShape(target.shape)}`,
        );
      }
      pick[i] = (n * numClasses + cls) * inner + j;
      picked[i] = w ? w[cls] : 1;
      totalWeight += picked[i];
    }
  }

  const losses = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (pick[i] < 0) continue;
    losses[i] = -picked[i] * lp[pick[i]];
    total += losses[i];
  }
  const [out, outShape] =
    reduction === 'none' ? [losses, target.shape] :
    reduction === 'sum' ? [new Float64Array([total]), []] :
    [new Float64Array([total / totalWeight]), []];

  // d l_n / d logp[n, y_n] = -w[y_n]; 'mean' also divides by the total weight. Ignored targets get 0.
  return fromOp(out, outShape, [logProbs], (g) => {
    const gl = new Float64Array(lp.length);
    for (let i = 0; i < count; i++) {
      if (pick[i] < 0) continue;
      const upstream = reduction === 'none' ? g[i] : reduction === 'sum' ? g[0] : g[0] / totalWeight;
      gl[pick[i]] = -picked[i] * upstream;
    }
    return [gl];
  });
}

export class CrossEntropyLoss extends Module {
  readonly reduction: Reduction;
  readonly ignoreIndex: number;
  /** Per-class weights (a constant, not a parameter), or null. */
  readonly weight: Tensor | null;

  constructor({ weight = null, ignoreIndex = -100, reduction = 'mean' }: CrossEntropyLossOptions = {}) {
    super();
    this.reduction = checkReduction('CrossEntropyLoss', reduction);
    if (!Number.isInteger(ignoreIndex)) {
      throw new Error(`CrossEntropyLoss: ignoreIndex must be an integer, got ${ignoreIndex}`);
    }
    if (weight !== null && (!(weight instanceof Tensor) || weight.ndim !== 1)) {
      const got = weight instanceof Tensor ? `shape ${formatShape(weight.shape)}` : describe(weight);
      throw new Error(`CrossEntropyLoss: weight must be a 1-D Tensor with one entry per class, got ${got}`);
    }
    this.ignoreIndex = ignoreIndex;
    this.weight = weight === null ? null : weight.detach();
  }

  forward(input: Tensor, target: Tensor): Tensor {
    if (!(input instanceof Tensor)) throw new Error(`CrossEntropyLoss: expected input to be a Tensor, got ${describe(input)}`);
    if (!(target instanceof Tensor)) throw new Error(`CrossEntropyLoss: expected target to be a Tensor of class indices, got ${describe(target)}`);
    if (input.ndim === 0) {
      throw new Error('CrossEntropyLoss: expected input of shape (C), (N, C) or (N, C, d1, ...), got a 0-d tensor');
    }
    const classDim = input.ndim === 1 ? 0 : 1;
    // The target has the input's shape without the class dimension.
    const expected = input.shape.filter((_, i) => i !== classDim);
    if (target.ndim !== expected.length || target.shape.some((d, i) => d !== expected[i])) {
      throw new Error(
        `CrossEntropyLoss: expected target of shape ${formatShape(expected)} (input shape ${formatShape(input.shape)} ` +
          `without the class dimension ${classDim}), got ${formatShape(target.shape)}`,
      );
    }
    const numClasses = input.shape[classDim];
    if (this.weight && this.weight.shape[0] !== numClasses) {
      throw new Error(
        `CrossEntropyLoss: weight must have one entry per class. Expected shape [${numClasses}], got ${formatShape(this.weight.shape)}`,
      );
    }
    return nllLoss(input.logSoftmax(classDim), target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      lossName: 'CrossEntropyLoss',
    });
  }
}
