// Padding, packing, and reading each sequence's own last step.
import { cat, full, stack, utils, type Tensor, type nn } from '../../lib/index.ts';

/** Stacks sequences of shapes (L_i, F) into one (B, T, F) batch, T = max L_i, filling the rest with paddingValue. */
export function padBatch(sequences: Tensor[], paddingValue = 0): { padded: Tensor; lengths: number[] } {
  const lengths = sequences.map((s) => s.shape[0]);
  const maxLength = Math.max(...lengths);
  const featureSize = sequences[0].shape[1];
  const rows = sequences.map((s, b) =>
    lengths[b] === maxLength ? s : cat([s, full([maxLength - lengths[b], featureSize], paddingValue)], 0),
  );
  return { padded: stack(rows, 0), lengths };
}

/** How many sequences are still running at each time step: what packPaddedSequence stores as batchSizes. */
export function batchSizesOf(lengths: number[]): number[] {
  const longest = Math.max(...lengths);
  return Array.from({ length: longest }, (_, t) => lengths.filter((length) => length > t).length);
}

/**
 * Runs the RNN over a padded batch (B, T, F) without ever touching the padding: pack (any order of
 * lengths), run, unpack. Returns the padded output (B, T, D·H) and hN (numLayers·D, B, H) in the batch's order.
 */
export function runPacked(rnn: nn.RNN, padded: Tensor, lengths: number[]): { output: Tensor; hN: Tensor } {
  const packed = utils.packPaddedSequence(padded, lengths, { batchFirst: true, enforceSorted: false });
  const [packedOutput, hN] = rnn.forward(packed);
  const [output] = utils.padPackedSequence(packedOutput, { batchFirst: true, totalLength: padded.shape[1] });
  return { output, hN };
}

/** From a padded output (B, T, D·H), each sequence's output at its own last valid step: (B, D·H). */
export function lastValidOutputs(output: Tensor, lengths: number[]): Tensor {
  // Not output[:, -1]: for a shorter sequence that row is padding.
  return stack(lengths.map((length, b) => output.select(0, b).select(0, length - 1)));
}

/** The reference: each sequence run on its own (unbatched), final states stacked into (numLayers·D, B, H). */
export function runEachAlone(rnn: nn.RNN, sequences: Tensor[]): Tensor {
  const finals = sequences.map((sequence) => rnn.forward(sequence)[1]); // unbatched: hN is (numLayers·D, H)
  return stack(finals, 1);
}
