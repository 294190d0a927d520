// Predicting nn.RNN's output and h_n shapes from its configuration, and checking them against the library.
import { Tensor, cat, nn, zeros } from '../../lib/index.ts';

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
export function inputShape({ batch, seqLen, inputSize, batchFirst }: RnnConfig): number[] {
  return batchFirst ? [batch, seqLen, inputSize] : [seqLen, batch, inputSize];
}

/** output and h_n shapes, worked out from the configuration alone (no RNN is run). */
export function predictShapes({ hiddenSize, numLayers, batchFirst, bidirectional, batch, seqLen }: RnnConfig): ShapePair {
  const directions = bidirectional ? 2 : 1;
  // output: the last layer's h_t at every step, both directions side by side on the feature axis.
  const output = batchFirst ? [batch, seqLen, directions * hiddenSize] : [seqLen, batch, directions * hiddenSize];
  // h_n: the final state of every layer and direction; batchFirst never changes its layout.
  const hN = [numLayers * directions, batch, hiddenSize];
  return { output, hN };
}

/** Builds the nn.RNN the configuration describes, runs it on a batch of zeros and reports the shapes it returns. */
export function measureShapes(config: RnnConfig): ShapePair {
  const rnn = new nn.RNN(config.inputSize, config.hiddenSize, {
    numLayers: config.numLayers,
    batchFirst: config.batchFirst,
    bidirectional: config.bidirectional,
  });
  const [output, hN] = rnn.forward(zeros(inputShape(config)));
  return { output: [...output.shape], hN: [...hN.shape] };
}

/**
 * The last layer's final hidden state for every sample, (batch, D · hidden): h_n's row for
 * (layer, direction) is layer · D + direction, and with two directions the forward and backward
 * rows are concatenated (forward first), as a classifier on top of a bidirectional RNN needs.
 */
export function finalStatesOfLastLayer(hN: Tensor, numLayers: number, bidirectional: boolean): Tensor {
  const directions = bidirectional ? 2 : 1;
  const rows: Tensor[] = [];
  for (let direction = 0; direction < directions; direction++) rows.push(hN.select(0, (numLayers - 1) * directions + direction));
  return directions === 1 ? rows[0] : cat(rows, 1);
}
