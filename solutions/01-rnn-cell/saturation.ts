// Note 004's forward loop: with every weight drawn from U[0, 1), tanh saturates near 1.
import { Matrix } from 'ml-matrix';
// BEGIN SOLUTION
import { Generator, defaultGenerator } from '../../lib/index.ts';
// STARTER
//> import { Generator, defaultGenerator, todo } from '../../lib/index.ts';
// END SOLUTION
import { type CellWeights, unrollSequence } from './cell-by-hand.ts';

/** 'uniform01': every weight from U[0, 1) as in note 004; 'pytorch': U(-1/√H, 1/√H) as nn.RNN does. */
export type WeightInit = 'uniform01' | 'pytorch';

export interface SaturationOptions {
  timesteps?: number;
  inputSize?: number;
  hiddenSize?: number;
  init?: WeightInit;
  /** Where every random number comes from (the library's global generator when omitted). */
  generator?: Generator;
}

export interface SaturationRun {
  /** (timesteps, inputSize), drawn from U[0, 1). */
  inputs: Matrix;
  weights: CellWeights;
  /** (timesteps, hiddenSize): the hidden state after every step. */
  states: Matrix;
}
// BEGIN SOLUTION

function uniformMatrix(rows: number, columns: number, low: number, high: number, generator: Generator): Matrix {
  return Matrix.rand(rows, columns, { random: () => low + (high - low) * generator.random() });
}
// END SOLUTION

export function saturationExperiment({
  timesteps = 10,
  inputSize = 4,
  hiddenSize = 8,
  init = 'uniform01',
  generator = defaultGenerator(),
}: SaturationOptions = {}): SaturationRun {
  // BEGIN SOLUTION
  const inputs = uniformMatrix(timesteps, inputSize, 0, 1, generator);
  const bound = 1 / Math.sqrt(hiddenSize);
  const [low, high] = init === 'uniform01' ? [0, 1] : [-bound, bound];
  const weights: CellWeights = {
    Wx: uniformMatrix(hiddenSize, inputSize, low, high, generator),
    Wh: uniformMatrix(hiddenSize, hiddenSize, low, high, generator),
    b: uniformMatrix(1, hiddenSize, low, high, generator).getRow(0),
  };
  return { inputs, weights, states: unrollSequence(inputs, weights) };
  // STARTER
  // TODO: 입력 (timesteps, inputSize)을 U[0, 1)에서, Wx·Wh·b를 init에 따라 뽑고 (모든 난수는
  //       generator.random()으로), unrollSequence로 은닉 상태를 계산해 셋을 함께 돌려주세요. → README 힌트 6
  //> return todo('saturationExperiment');
  // END SOLUTION
}

/** The share of entries whose absolute value is above the threshold (0 … 1). */
export function saturationFraction(states: Matrix, threshold = 0.99): number {
  // BEGIN SOLUTION
  const values = states.to1DArray();
  return values.filter((v) => Math.abs(v) > threshold).length / values.length;
  // STARTER
  // TODO: |값| > threshold인 원소의 비율을 돌려주세요. → README 힌트 7
  //> return todo('saturationFraction');
  // END SOLUTION
}
