// The conceptual question of the exercise, answered by returning one letter.
import { todo } from '../../lib/index.ts';

export type Choice = 'a' | 'b' | 'c' | 'd';

/**
 * Why does bidirectionality help classification but cannot be used to generate a sequence?
 *  a) A bidirectional RNN has twice as many weights, which is too slow for sampling one character at a time.
 *  b) The backward direction only works with batchFirst: true, and generation uses time-major input.
 *  c) A classifier sees the whole sentence before it decides, so the backward direction may read the future;
 *     a generator produces the sequence left to right, and the characters the backward direction would need do not exist yet.
 *  d) Concatenating two hidden states doubles the width of the Linear layer, which cross-entropy cannot handle.
 */
export function whyBidirectionalCannotGenerate(): Choice {
  // TODO(10단계): 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. 힌트: README.md의 "힌트 10".
  return todo('whyBidirectionalCannotGenerate');
}
