// Padding, packing, and reading each sequence's own last step.
// BEGIN SOLUTION
import { cat, full, stack, utils, type Tensor, type nn } from '../../lib/index.ts';
// STARTER
//> import { todo, type Tensor, type nn } from '../../lib/index.ts';
// END SOLUTION

/** Stacks sequences of shapes (L_i, F) into one (B, T, F) batch, T = max L_i, filling the rest with paddingValue. */
export function padBatch(sequences: Tensor[], paddingValue = 0): { padded: Tensor; lengths: number[] } {
  // BEGIN SOLUTION
  const lengths = sequences.map((s) => s.shape[0]);
  const maxLength = Math.max(...lengths);
  const featureSize = sequences[0].shape[1];
  const rows = sequences.map((s, b) =>
    lengths[b] === maxLength ? s : cat([s, full([maxLength - lengths[b], featureSize], paddingValue)], 0),
  );
  return { padded: stack(rows, 0), lengths };
  // STARTER
  // TODO: 각 시퀀스 뒤에 paddingValue로 채운 행을 붙여 길이를 T = max(L_i)로 맞추고 쌓아서
  // (B, T, F) 텐서와 원래 길이 배열을 돌려주세요. utils.padSequence는 쓰지 말고 직접 만들어 보세요.
  // 힌트: README의 "힌트 1".
  //> return todo('padBatch');
  // END SOLUTION
}

/** How many sequences are still running at each time step: what packPaddedSequence stores as batchSizes. */
export function batchSizesOf(lengths: number[]): number[] {
  // BEGIN SOLUTION
  const longest = Math.max(...lengths);
  return Array.from({ length: longest }, (_, t) => lengths.filter((length) => length > t).length);
  // STARTER
  // TODO: t = 0 … max(lengths) − 1마다 길이가 t보다 긴 시퀀스의 수. 예: [2, 1, 3] → [3, 2, 1].
  // 힌트: README의 "힌트 2".
  //> return todo('batchSizesOf');
  // END SOLUTION
}

/**
 * Runs the RNN over a padded batch (B, T, F) without ever touching the padding: pack (any order of
 * lengths), run, unpack. Returns the padded output (B, T, D·H) and hN (numLayers·D, B, H) in the batch's order.
 */
export function runPacked(rnn: nn.RNN, padded: Tensor, lengths: number[]): { output: Tensor; hN: Tensor } {
  // BEGIN SOLUTION
  const packed = utils.packPaddedSequence(padded, lengths, { batchFirst: true, enforceSorted: false });
  const [packedOutput, hN] = rnn.forward(packed);
  const [output] = utils.padPackedSequence(packedOutput, { batchFirst: true, totalLength: padded.shape[1] });
  return { output, hN };
  // STARTER
  // TODO: utils.packPaddedSequence → rnn.forward → utils.padPackedSequence.
  // 길이가 정렬되어 있지 않아도 동작해야 합니다. 힌트: README의 "힌트 3".
  //> return todo('runPacked');
  // END SOLUTION
}

/** From a padded output (B, T, D·H), each sequence's output at its own last valid step: (B, D·H). */
export function lastValidOutputs(output: Tensor, lengths: number[]): Tensor {
  // BEGIN SOLUTION
  // Not output[:, -1]: for a shorter sequence that row is padding.
  return stack(lengths.map((length, b) => output.select(0, b).select(0, length - 1)));
  // STARTER
  // TODO: 시퀀스 b마다 output[b, lengths[b] − 1]을 골라 (B, D·H)로 쌓으세요. 힌트: README의 "힌트 4".
  //> return todo('lastValidOutputs');
  // END SOLUTION
}

/** The reference: each sequence run on its own (unbatched), final states stacked into (numLayers·D, B, H). */
export function runEachAlone(rnn: nn.RNN, sequences: Tensor[]): Tensor {
  // BEGIN SOLUTION
  const finals = sequences.map((sequence) => rnn.forward(sequence)[1]); // unbatched: hN is (numLayers·D, H)
  return stack(finals, 1);
  // STARTER
  // TODO: 시퀀스 하나씩 rnn.forward에 넣고 (배치 없이 (L, F) 그대로 넣으면 h_n은 (numLayers·D, H)),
  // 그 h_n들을 1번 축으로 쌓으세요. 힌트: README의 "힌트 5".
  //> return todo('runEachAlone');
  // END SOLUTION
}
