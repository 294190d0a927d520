// Lesson 10: sequences of different lengths in one batch. Padding makes them one tensor; packing
// tells the RNN where each sequence really ends, so h_n is what each sequence gives on its own.
import { Tensor, manualSeed, nn, randn, tensor, utils } from '../../lib/index.ts';
import { Transcript } from '../transcript.ts';

function maxAbsDiff(a: Tensor, b: Tensor): number {
  return a.sub(b).abs().max().item();
}

/** The values of a 1-D tensor (or a plain array) as a plain number array. */
function numbers(values: Tensor | number[]): number[] {
  return values instanceof Tensor ? Array.from(values.data) : [...values];
}

export interface DirectionGaps {
  /** max |h_n(packed batch) − h_n(each sequence alone)| */
  packed: number;
  /** max |h_n(padded batch, not packed) − h_n(each sequence alone)| */
  paddedOnly: number;
  /** The same two gaps for each direction (index 0 forward, 1 backward). */
  perDirection: { packed: number; paddedOnly: number }[];
}

export interface PackingResult {
  lengths: number[];
  paddedShape: number[];
  /** The packed data column, each entry written as 10·(sequence number) + step (A = 1, B = 2, C = 3). */
  packedCodes: number[];
  batchSizes: number[];
  sortedIndices: number[];
  unsortedIndices: number[];
  unpackedLengths: number[];
  /** max |value| of the unpacked output at padded positions (should be 0). */
  unpackedPaddingMax: number;
  unidirectional: DirectionGaps;
  bidirectional: DirectionGaps;
  /** What the demo printed, by name: the numbers lessons/10-…/README.md quotes. */
  transcript: Transcript;
}

export async function main({ quiet = false, seed = 10 }: { quiet?: boolean; seed?: number } = {}): Promise<PackingResult> {
  const transcript = new Transcript(quiet);
  const { log } = transcript;
  manualSeed(seed);

  // 1. Three sequences of lengths 2, 1, 3. Each value says where it came from: 10·sequence + step.
  // #region pad-and-pack
  const a = tensor([[11], [12]]); // sequence A, length 2
  const b = tensor([[21]]); // sequence B, length 1
  const c = tensor([[31], [32], [33]]); // sequence C, length 3
  const padded = utils.padSequence([a, b, c], { batchFirst: true }); // (3, 3, 1), zeros after each end
  const lengths = [2, 1, 3];
  const packed = utils.packPaddedSequence(padded, lengths, { batchFirst: true, enforceSorted: false });
  // packed.data       : rows of t = 0 (C, A, B), then t = 1 (C, A), then t = 2 (C) → [31, 11, 21, 32, 12, 33]
  // packed.batchSizes : how many sequences are still running at each t → [3, 2, 1]
  // #endregion
  const packedCodes = numbers(packed.data);
  const batchSizes = numbers(packed.batchSizes);
  const sortedIndices = numbers(packed.sortedIndices!);
  const unsortedIndices = numbers(packed.unsortedIndices!);
  transcript.block('packing');
  log('\n1) 길이 2, 1, 3인 시퀀스 A, B, C (값 = 10·번호 + 시점)');
  log(`   padSequence → [${padded.shape.join(', ')}]:`);
  (padded.toArray() as number[][][]).forEach((row, i) => log(`     ${'ABC'[i]}: [${row.map((v) => String(v[0]).padStart(2)).join(', ')}]`));
  log(`   packPaddedSequence(enforceSorted: false):`);
  log(`     data           = [${packedCodes.join(', ')}]`);
  log(`     batch_sizes    = [${batchSizes.join(', ')}]`);
  log(`     sorted_indices = [${sortedIndices.join(', ')}]   (긴 순서: C, A, B)`);
  log(`     unsorted_indices = [${unsortedIndices.join(', ')}] (원래 순서로 되돌리는 색인)`);

  // 2. An RNN over a padded batch of random features, packed and not packed.
  const inputSize = 3;
  const hiddenSize = 5;
  const featureLengths = [4, 2, 6];
  const maxLength = Math.max(...featureLengths);
  const sequences = featureLengths.map((len) => randn([len, inputSize]));
  const batch = utils.padSequence(sequences, { batchFirst: true }); // (3, 6, 3)

  const gapsFor = (bidirectional: boolean): { gaps: DirectionGaps; unpackedPaddingMax: number; unpackedLengths: number[] } => {
    manualSeed(seed + 90);
    const rnn = new nn.RNN(inputSize, hiddenSize, { batchFirst: true, bidirectional });
    // #region packed-vs-alone
    const packedBatch = utils.packPaddedSequence(batch, featureLengths, { batchFirst: true, enforceSorted: false });
    const [packedOutput, hNPacked] = rnn.forward(packedBatch); // hN: (D, 3, 5), in the original order
    const [, hNPaddedOnly] = rnn.forward(batch); // the RNN also reads the padding zeros
    const hNAlone = sequences.map((seq) => rnn.forward(seq.unsqueeze(0))[1]); // each (D, 1, 5)
    // #endregion
    const perDirection = Array.from({ length: bidirectional ? 2 : 1 }, (_, d) => {
      let packedGap = 0;
      let paddedGap = 0;
      hNAlone.forEach((alone, i) => {
        packedGap = Math.max(packedGap, maxAbsDiff(hNPacked.narrow(0, d, 1).narrow(1, i, 1), alone.narrow(0, d, 1)));
        paddedGap = Math.max(paddedGap, maxAbsDiff(hNPaddedOnly.narrow(0, d, 1).narrow(1, i, 1), alone.narrow(0, d, 1)));
      });
      return { packed: packedGap, paddedOnly: paddedGap };
    });
    const packedGap = Math.max(...perDirection.map((g) => g.packed));
    const paddedGap = Math.max(...perDirection.map((g) => g.paddedOnly));
    const [unpacked, unpackedLengthsTensor] = utils.padPackedSequence(packedOutput, { batchFirst: true });
    let unpackedPaddingMax = 0;
    featureLengths.forEach((len, i) => {
      for (let t = len; t < maxLength; t++) unpackedPaddingMax = Math.max(unpackedPaddingMax, unpacked.select(0, i).select(0, t).abs().max().item());
    });
    return { gaps: { packed: packedGap, paddedOnly: paddedGap, perDirection }, unpackedPaddingMax, unpackedLengths: numbers(unpackedLengthsTensor) };
  };
  const uni = gapsFor(false);
  const bi = gapsFor(true);

  transcript.endBlock();
  transcript.block('gaps');
  log(`\n2) RNN(${inputSize} → ${hiddenSize}), 길이 [${featureLengths.join(', ')}]인 시퀀스를 최대 길이 ${maxLength}에 맞춰 채운 배치 [${batch.shape.join(', ')}]`);
  log('   h_n을 "시퀀스 하나씩 따로 돌린 결과"와 비교한 최대 차이:');
  const [forward, backward] = bi.gaps.perDirection;
  log(`     단방향:         패킹(packed) ${uni.gaps.packed.toExponential(1)}  |  패딩만 ${uni.gaps.paddedOnly.toFixed(4)}`);
  log(`     양방향, 순방향: 패킹(packed) ${forward.packed.toExponential(1)}  |  패딩만 ${forward.paddedOnly.toFixed(4)}`);
  log(`     양방향, 역방향: 패킹(packed) ${backward.packed.toExponential(1)}  |  패딩만 ${backward.paddedOnly.toFixed(4)}`);
  log(`   padPackedSequence → 길이 [${uni.unpackedLengths.join(', ')}], 패딩 자리의 출력 최댓값 ${uni.unpackedPaddingMax}`);
  transcript.endBlock();
  const cell = (gap: number) => (gap === 0 ? '0' : gap < 1e-12 ? gap.toExponential(0) : gap.toFixed(3));
  transcript.value('backward-compared', backward.paddedOnly < forward.paddedOnly ? '더 작지만' : '더 크지만');
  transcript.table('gaps-table', ['`h_n`을 "하나씩 따로 돌린 결과"와 비교한 최대 차이', '패킹함', '패딩만'], [
    ['단방향 RNN', cell(uni.gaps.packed), cell(uni.gaps.paddedOnly)],
    ['양방향 RNN, 순방향 (단방향과 같은 가중치)', cell(forward.packed), cell(forward.paddedOnly)],
    ['양방향 RNN, 역방향', cell(backward.packed), cell(backward.paddedOnly)],
  ]);

  return {
    lengths,
    paddedShape: padded.shape,
    packedCodes,
    batchSizes,
    sortedIndices,
    unsortedIndices,
    unpackedLengths: uni.unpackedLengths,
    unpackedPaddingMax: Math.max(uni.unpackedPaddingMax, bi.unpackedPaddingMax),
    unidirectional: uni.gaps,
    bidirectional: bi.gaps,
    transcript,
  };
}
