// Synthetic tagging data: integer sequences and a tag for every element. Two tagging rules:
// 'element' (the note's exercise: tag = element % 3, the current element alone decides) and
// 'runningSum' (tag = (x_1 + … + x_t) % 3, which needs the elements before t as well).
import { Generator, Tensor, defaultGenerator, tensor, todo } from '../../lib/index.ts';

export const NUM_CLASSES = 3;

/** 'element': tag_t = x_t % 3.  'runningSum': tag_t = (x_1 + … + x_t) % 3. */
export type TaggingRule = 'element' | 'runningSum';

export interface TaggingData {
  /** Integer tokens in [0, maxValue), shape (nSamples, seqLen). */
  X: Tensor;
  /** The tag of every token under the rule, shape (nSamples, seqLen). */
  Y: Tensor;
}

export interface TaggingDataOptions {
  /** Tokens are drawn uniformly from 0 … maxValue - 1. */
  maxValue?: number;
  generator?: Generator;
  /** Which tag every token gets (default 'element'). The rule changes the tags only, never the tokens. */
  rule?: TaggingRule;
}

export function generateTaggingData(
  nSamples = 1000,
  seqLen = 10,
  { maxValue = 20, generator, rule = 'element' }: TaggingDataOptions = {},
): TaggingData {
  // TODO(1단계): 0 … maxValue-1의 정수를 (nSamples, seqLen) 개 뽑아 X로 (generator ?? defaultGenerator()의 random()),
  //   rule에 따라 각 원소의 태그를 Y로 돌려주세요:
  //   'element' → x_t % NUM_CLASSES,  'runningSum' → (x_1 + … + x_t) % NUM_CLASSES.
  //   rule은 태그만 바꿉니다: 같은 generator면 두 규칙의 X가 같아야 합니다. 힌트: README.md의 "힌트 1".
  return todo('generateTaggingData');
}
