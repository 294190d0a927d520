// The conceptual questions of the exercise: two answered with a letter, one with a number.
import { todo } from '../../lib/index.ts';

export type Choice = 'a' | 'b' | 'c' | 'd';

/**
 * The tagger trained on the 'element' tags (x_t % 3) reaches about 100 %. What does that say about
 * its memory (the hidden state carried from step to step)?
 *  a) That the hidden state remembers the earlier elements well: 100 % is only possible with memory.
 *  b) Nothing: each tag depends on the current element alone, so a rule that never looks back
 *     (a memoryless rule) is already perfect, and the data cannot show whether the model remembers.
 *  c) That three classes are too few to need memory: with more classes the same rule would need it.
 *  d) That the sequences are too short (T = 10) to need memory: longer ones would need it.
 */
export function whatElementTagsSayAboutMemory(): Choice {
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. 힌트: README.md의 "힌트 7".
  return todo('whatElementTagsSayAboutMemory');
}

/**
 * 'runningSum' tags, T = 8, every token drawn uniformly from 0, 1, 2 (maxValue = 3). What accuracy
 * does the best memoryless rule reach on average (the value memorylessAccuracy gives on a very large
 * data set)? Return it as a number in [0, 1], to within ±0.005.
 */
export function memorylessCeilingRunningSum(): number {
  // TODO: 숫자 하나를 돌려주세요 (계산해도, npm run ex -- 05의 출력에서 읽어도 됩니다). 힌트: README.md의 "힌트 7".
  return todo('memorylessCeilingRunningSum');
}

/**
 * RNNSeq2Seq is given a batch (N, T, embedSize), but its nn.RNN was built without batchFirst: true.
 * What happens?
 *  a) An error: the input's shape does not match what the RNN expects.
 *  b) Nothing changes: the RNN sees which axis is the time axis.
 *  c) The RNN steps along the batch axis: the prediction for sequence n at step t depends on the
 *     sequences 0 … n at step t, and nothing carries step t − 1 of the same sequence to step t.
 *  d) The output comes back as (T, N, C) instead of (N, T, C).
 */
export function whatIfBatchFirstIsForgotten(): Choice {
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. 힌트: README.md의 "힌트 7".
  return todo('whatIfBatchFirstIsForgotten');
}
