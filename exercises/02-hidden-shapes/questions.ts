// Note 002's exercise 1, answered: nn.RNN(input_size=5, hidden_size=16, num_layers=2, batch_first=True)
// fed a batch of shape (8, 20, 5), i.e. batch 8, 20 time steps, 5 features.
import { todo } from '../../lib/index.ts';
import type { ShapePair } from './shapes.ts';

export type Choice = 'a' | 'b' | 'c' | 'd';

/** Names for the axes of the tensors: 'hidden' is the axis of the hidden features. */
export type Axis = 'batch' | 'time' | 'inputFeature' | 'hidden' | 'layer';

/** output and h_n of the RNN above (batchFirst: true). */
export function answerBatchFirst(): ShapePair {
  // TODO: { output: [...], hN: [...] } 모양 둘을 돌려주세요. → README 힌트 5
  return todo('answerBatchFirst');
}

/** The same RNN with bidirectional: true (still 2 layers, batchFirst), on the same (8, 20, 5) batch. */
export function answerBidirectional(): ShapePair {
  // TODO: { output: [...], hN: [...] } 모양 둘을 돌려주세요. → README 힌트 5
  return todo('answerBidirectional');
}

/**
 * The same RNN with batchFirst: false, fed the very same tensor of shape (8, 20, 5), unchanged
 * (not transposed).
 */
export function answerTimeMajor(): ShapePair {
  // TODO: { output: [...], hN: [...] } 모양 둘을 돌려주세요. → README 힌트 5
  return todo('answerTimeMajor');
}

/** What each axis of output means in the batchFirst case. */
export function axesOfOutput(): Axis[] {
  // TODO: 축마다 Axis 하나씩, 세 개의 배열을 돌려주세요. → README 힌트 6
  return todo('axesOfOutput');
}

/** What each axis of h_n means (batchFirst case). */
export function axesOfHN(): Axis[] {
  // TODO: 축마다 Axis 하나씩, 세 개의 배열을 돌려주세요. → README 힌트 6
  return todo('axesOfHN');
}

/** What each axis of output means in the batchFirst: false case above. */
export function axesOfTimeMajorOutput(): Axis[] {
  // TODO: 축마다 Axis 하나씩, 세 개의 배열을 돌려주세요. → README 힌트 6
  return todo('axesOfTimeMajorOutput');
}

/**
 * How many numbers (weights and biases, every parameter tensor added up) does the RNN of
 * answerBatchFirst learn: nn.RNN(5, 16, { numLayers: 2, batchFirst: true })?
 */
export function parameterCount(): number {
  // TODO: 숫자 하나를 돌려주세요. → README 힌트 8
  return todo('parameterCount');
}

/** The same count for the RNN of answerBidirectional (2 layers, bidirectional). */
export function parameterCountBidirectional(): number {
  // TODO: 숫자 하나를 돌려주세요. → README 힌트 8
  return todo('parameterCountBidirectional');
}

/**
 * Why is h_n.shape[0] == 2 for the batchFirst RNN?
 *  a) The RNN is bidirectional by default: one row per direction.
 *  b) num_layers = 2: h_n holds the hidden state after the last time step for each of the two stacked layers.
 *  c) h_n keeps the first and the last time step.
 *  d) The batch of 8 is processed in two halves.
 */
export function whyHNHasTwoRows(): Choice {
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. → README 힌트 7
  return todo('whyHNHasTwoRows');
}

/**
 * What does bidirectional: true change in the shapes?
 *  a) The time axis of output doubles (20 → 40): the backward pass appends its steps after the forward ones.
 *  b) Nothing in the shapes; only the values change.
 *  c) output's last axis doubles (forward and backward h_t side by side, 16 + 16 = 32) and h_n gets one row
 *     per layer and direction (2 · 2 = 4); the hidden size of each row stays 16.
 *  d) h_n's last axis doubles to 32 and its first axis stays 2.
 */
export function whatChangesWithBidirectional(): Choice {
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. → README 힌트 7
  return todo('whatChangesWithBidirectional');
}

/**
 * In the 2-layer bidirectional RNN, what is h_n[-1] (the last row of h_n)?
 *  a) The last layer's forward and backward states, concatenated.
 *  b) The last layer's forward direction after the last time step.
 *  c) The first layer's backward direction.
 *  d) The last layer's backward direction, which finished at the first time step.
 */
export function whatIsLastRowOfBidirectionalHN(): Choice {
  // TODO: 'a', 'b', 'c', 'd' 중 하나를 돌려주세요. → README 힌트 7
  return todo('whatIsLastRowOfBidirectionalHN');
}
