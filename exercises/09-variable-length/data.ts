// Sequences of different lengths (given): each one a (length, featureSize) tensor of random numbers.
import { Tensor, randn, type Generator } from '../../lib/index.ts';

export function makeSequences(lengths: number[], featureSize: number, { generator }: { generator?: Generator } = {}): Tensor[] {
  return lengths.map((length) => randn([length, featureSize], { generator }));
}
