// Predicting nn.RNN's output and h_n shapes from its configuration, and checking them against the library.
// BEGIN SOLUTION
import { Tensor, cat, nn, zeros } from '../../lib/index.ts';
// STARTER
//> import { Tensor, cat, nn, todo, zeros } from '../../lib/index.ts';
// END SOLUTION

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
// BEGIN SOLUTION
export function inputShape({ batch, seqLen, inputSize, batchFirst }: RnnConfig): number[] {
  return batchFirst ? [batch, seqLen, inputSize] : [seqLen, batch, inputSize];
}
// STARTER
//> export function inputShape(config: RnnConfig): number[] {
  // TODO: batchFirst에 따라 입력 텐서의 모양을 돌려주세요. → README 힌트 1
  //> return todo('inputShape');
//> }
// END SOLUTION

/** output and h_n shapes, worked out from the configuration alone (no RNN is run). */
// BEGIN SOLUTION
export function predictShapes({ hiddenSize, numLayers, batchFirst, bidirectional, batch, seqLen }: RnnConfig): ShapePair {
  const directions = bidirectional ? 2 : 1;
  // output: the last layer's h_t at every step, both directions side by side on the feature axis.
  const output = batchFirst ? [batch, seqLen, directions * hiddenSize] : [seqLen, batch, directions * hiddenSize];
  // h_n: the final state of every layer and direction; batchFirst never changes its layout.
  const hN = [numLayers * directions, batch, hiddenSize];
  return { output, hN };
}
// STARTER
//> export function predictShapes(config: RnnConfig): ShapePair {
  // TODO: RNN을 돌리지 말고 설정만 보고 output과 h_n의 모양을 계산하세요. → README 힌트 2
  //> return todo('predictShapes');
//> }
// END SOLUTION

/** Builds the nn.RNN the configuration describes, runs it on a batch of zeros and reports the shapes it returns. */
export function measureShapes(config: RnnConfig): ShapePair {
  // BEGIN SOLUTION
  const rnn = new nn.RNN(config.inputSize, config.hiddenSize, {
    numLayers: config.numLayers,
    batchFirst: config.batchFirst,
    bidirectional: config.bidirectional,
  });
  const [output, hN] = rnn.forward(zeros(inputShape(config)));
  return { output: [...output.shape], hN: [...hN.shape] };
  // STARTER
  // TODO: new nn.RNN(...)을 설정대로 만들고, inputShape 모양의 0 텐서를 넣어 실제 모양을 돌려주세요. → README 힌트 3
  //> return todo('measureShapes');
  // END SOLUTION
}

/**
 * The last layer's final hidden state for every sample, (batch, D · hidden): h_n's row for
 * (layer, direction) is layer · D + direction, and with two directions the forward and backward
 * rows are concatenated (forward first), as a classifier on top of a bidirectional RNN needs.
 */
export function finalStatesOfLastLayer(hN: Tensor, numLayers: number, bidirectional: boolean): Tensor {
  // BEGIN SOLUTION
  const directions = bidirectional ? 2 : 1;
  const rows: Tensor[] = [];
  for (let direction = 0; direction < directions; direction++) rows.push(hN.select(0, (numLayers - 1) * directions + direction));
  return directions === 1 ? rows[0] : cat(rows, 1);
  // STARTER
  // TODO: h_n에서 마지막 층의 행(들)을 골라 (batch, D·hidden)으로 돌려주세요. → README 힌트 4
  //> return todo('finalStatesOfLastLayer');
  // END SOLUTION
}
