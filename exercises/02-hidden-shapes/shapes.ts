// Predicting nn.RNN's output and h_n shapes from its configuration, and checking them against the library.
import { Tensor, cat, nn, todo, zeros } from '../../lib/index.ts';

/** An nn.RNN and the batch fed to it. */
export interface RnnConfig {
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  batchFirst: boolean;
  bidirectional: boolean;
  /** Samples in the batch. */
  batch: number;
  /** Time steps in every sequence. */
  seqLen: number;
}

export interface ShapePair {
  output: number[];
  hN: number[];
}

/** The shape the input tensor must have: (batch, seq, input) with batchFirst, else (seq, batch, input). */
export function inputShape(config: RnnConfig): number[] {
  // TODO: batchFirst에 따라 입력 텐서의 모양을 돌려주세요. → README 힌트 1
  return todo('inputShape');
}

/** output and h_n shapes, worked out from the configuration alone (no RNN is run). */
export function predictShapes(config: RnnConfig): ShapePair {
  // TODO: RNN을 돌리지 말고 설정만 보고 output과 h_n의 모양을 계산하세요. → README 힌트 2
  return todo('predictShapes');
}

/** Builds the nn.RNN the configuration describes, runs it on a batch of zeros and reports the shapes it returns. */
export function measureShapes(config: RnnConfig): ShapePair {
  // TODO: new nn.RNN(...)을 설정대로 만들고, inputShape 모양의 0 텐서를 넣어 실제 모양을 돌려주세요. → README 힌트 3
  return todo('measureShapes');
}

/**
 * The last layer's final hidden state for every sample, (batch, D · hidden): h_n's row for
 * (layer, direction) is layer · D + direction, and with two directions the forward and backward
 * rows are concatenated (forward first), as a classifier on top of a bidirectional RNN needs.
 */
export function finalStatesOfLastLayer(hN: Tensor, numLayers: number, bidirectional: boolean): Tensor {
  // TODO: h_n에서 마지막 층의 행(들)을 골라 (batch, D·hidden)으로 돌려주세요. → README 힌트 4
  return todo('finalStatesOfLastLayer');
}
