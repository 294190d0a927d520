// Synthetic tagging data: integer sequences, and the label of every element is element % 3.
import { Generator, Tensor, defaultGenerator, tensor, todo } from '../../lib/index.ts';

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
  // TODO(1단계): 0 … maxValue-1의 정수를 (nSamples, seqLen) 개 뽑아 X로,
  //   각 원소의 레이블 element % NUM_CLASSES를 Y로 돌려주세요 (generator ?? defaultGenerator()의 random()).
  //   힌트: README.md의 "힌트 1".
  return todo('generateTaggingData');
}
