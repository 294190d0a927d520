// The toy regression task (given): read a random sequence, output its last value. Easy for a
// well-initialised RNN, so whatever goes wrong in training is the gradients' fault, not the task's.
import { Tensor, randn, type Generator } from '../../lib/index.ts';

export interface SequenceData {
  /** (samples, seqLen, 1) */
  inputs: Tensor;
  /** (samples): the last value of each sequence */
  targets: Tensor;
}

export function makeSequenceData({ samples = 32, seqLen = 100, generator }: { samples?: number; seqLen?: number; generator?: Generator } = {}): SequenceData {
  const inputs = randn([samples, seqLen, 1], { generator });
  const targets = inputs.select(1, seqLen - 1).squeeze(-1);
  return { inputs, targets };
}
