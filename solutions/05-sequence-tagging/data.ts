// Synthetic tagging data: integer sequences, and the label of every element is element % 3.
// BEGIN SOLUTION
import { Generator, Tensor, defaultGenerator, tensor } from '../../lib/index.ts';
// STARTER
//> import { Generator, Tensor, defaultGenerator, tensor, todo } from '../../lib/index.ts';
// END SOLUTION

export const NUM_CLASSES = 3;

export interface TaggingData {
  /** Integer tokens in [0, maxValue), shape (nSamples, seqLen). */
  X: Tensor;
  /** The label of every token, X % 3, shape (nSamples, seqLen). */
  Y: Tensor;
}

export interface TaggingDataOptions {
  /** Tokens are drawn uniformly from 0 … maxValue - 1. */
  maxValue?: number;
  generator?: Generator;
}

export function generateTaggingData(
  nSamples = 1000,
  seqLen = 10,
  { maxValue = 20, generator }: TaggingDataOptions = {},
): TaggingData {
  // BEGIN SOLUTION
  if (!Number.isInteger(nSamples) || nSamples < 1) throw new Error(`generateTaggingData: nSamples must be a positive integer, got ${nSamples}`);
  if (!Number.isInteger(seqLen) || seqLen < 1) throw new Error(`generateTaggingData: seqLen must be a positive integer, got ${seqLen}`);
  if (!Number.isInteger(maxValue) || maxValue < NUM_CLASSES) throw new Error(`generateTaggingData: maxValue must be an integer >= ${NUM_CLASSES}, got ${maxValue}`);
  const rng = generator ?? defaultGenerator();
  const tokens: number[][] = [];
  const labels: number[][] = [];
  for (let i = 0; i < nSamples; i++) {
    const row = Array.from({ length: seqLen }, () => Math.floor(rng.random() * maxValue));
    tokens.push(row);
    labels.push(row.map((v) => v % NUM_CLASSES));
  }
  return { X: tensor(tokens), Y: tensor(labels) };
  // STARTER
  // TODO(1단계): 0 … maxValue-1의 정수를 (nSamples, seqLen) 개 뽑아 X로,
  //   각 원소의 레이블 element % NUM_CLASSES를 Y로 돌려주세요 (generator ?? defaultGenerator()의 random()).
  //   힌트: README.md의 "힌트 1".
  //> return todo('generateTaggingData');
  // END SOLUTION
}
