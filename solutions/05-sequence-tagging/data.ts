// Synthetic tagging data: integer sequences and a tag for every element. Two tagging rules:
// 'element' (the note's exercise: tag = element % 3, the current element alone decides) and
// 'runningSum' (tag = (x_1 + … + x_t) % 3, which needs the elements before t as well).
// BEGIN SOLUTION
import { Generator, Tensor, defaultGenerator, tensor } from '../../lib/index.ts';
// STARTER
//> import { Generator, Tensor, defaultGenerator, tensor, todo } from '../../lib/index.ts';
// END SOLUTION

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
  // BEGIN SOLUTION
  if (!Number.isInteger(nSamples) || nSamples < 1) throw new Error(`generateTaggingData: nSamples must be a positive integer, got ${nSamples}`);
  if (!Number.isInteger(seqLen) || seqLen < 1) throw new Error(`generateTaggingData: seqLen must be a positive integer, got ${seqLen}`);
  if (!Number.isInteger(maxValue) || maxValue < NUM_CLASSES) throw new Error(`generateTaggingData: maxValue must be an integer >= ${NUM_CLASSES}, got ${maxValue}`);
  if (rule !== 'element' && rule !== 'runningSum') throw new Error(`generateTaggingData: rule must be 'element' or 'runningSum', got ${String(rule)}`);
  const rng = generator ?? defaultGenerator();
  const tokens: number[][] = [];
  const labels: number[][] = [];
  for (let i = 0; i < nSamples; i++) {
    const row = Array.from({ length: seqLen }, () => Math.floor(rng.random() * maxValue));
    tokens.push(row);
    if (rule === 'element') {
      labels.push(row.map((v) => v % NUM_CLASSES));
    } else {
      let sum = 0;
      labels.push(row.map((v) => (sum = (sum + v) % NUM_CLASSES)));
    }
  }
  return { X: tensor(tokens), Y: tensor(labels) };
  // STARTER
  // TODO(1단계): 0 … maxValue-1의 정수를 (nSamples, seqLen) 개 뽑아 X로 (generator ?? defaultGenerator()의 random()),
  //   rule에 따라 각 원소의 태그를 Y로 돌려주세요:
  //   'element' → x_t % NUM_CLASSES,  'runningSum' → (x_1 + … + x_t) % NUM_CLASSES.
  //   rule은 태그만 바꿉니다: 같은 generator면 두 규칙의 X가 같아야 합니다. 힌트: README.md의 "힌트 1".
  //> return todo('generateTaggingData');
  // END SOLUTION
}
