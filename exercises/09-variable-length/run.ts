// `npm run ex -- 09`: pads four sequences of different lengths, packs them (unsorted lengths,
// enforceSorted: false), and compares the final states of three ways of running the RNN.
import { manualSeed, nn, noGrad, type Tensor } from '../../lib/index.ts';
import { makeSequences } from './data.ts';
import { batchSizesOf, lastValidOutputs, padBatch, runEachAlone, runPacked } from './packing.ts';

const LENGTHS = [3, 6, 2, 5]; // deliberately not sorted
const FEATURES = 2;
const HIDDEN = 4;

const maxAbsDiff = (a: Tensor, b: Tensor): number => Math.max(...a.sub(b).abs().data);
const fmt = (v: number): string => (v === 0 ? '0' : v.toExponential(2));

export async function main(_: { outDir: string }): Promise<void> {
  manualSeed(9);
  const sequences = makeSequences(LENGTHS, FEATURES);
  const rnn = new nn.RNN(FEATURES, HIDDEN, { batchFirst: true });

  const { padded, lengths } = padBatch(sequences);
  console.log(`길이(lengths) ${JSON.stringify(lengths)} → 패딩된 배치(padded) ${JSON.stringify(padded.shape)} (batch, T, features)`);
  console.log(`batch_sizes (시점마다 아직 진행 중인 시퀀스 수): ${JSON.stringify(batchSizesOf(lengths))}\n`);

  noGrad(() => {
    const alone = runEachAlone(rnn, sequences); // (1, B, H): the truth for every sequence
    const { output, hN: packedHN } = runPacked(rnn, padded, lengths);
    const [paddedOutput, paddedHN] = rnn.forward(padded); // runs over the padding too

    console.log('시퀀스  길이   |h_n(packed) − h_n(혼자)|   |h_n(패딩 그대로) − h_n(혼자)|');
    lengths.forEach((length, b) => {
      const truth = alone.select(1, b);
      console.log(
        `${String(b).padStart(5)}  ${String(length).padStart(4)}   ${fmt(maxAbsDiff(packedHN.select(1, b), truth)).padEnd(24)}  ${fmt(maxAbsDiff(paddedHN.select(1, b), truth))}`,
      );
    });

    const last = lastValidOutputs(output, lengths);
    const lastOfPadded = lastValidOutputs(paddedOutput, lengths);
    console.log(`\n각 시퀀스의 마지막 유효 출력 (lastValidOutputs) vs h_n(packed): 최대 차이 ${fmt(maxAbsDiff(last, packedHN.select(0, 0)))}`);
    console.log(`패딩 그대로 돌린 출력에서 마지막 유효 시점을 골라도: ${fmt(maxAbsDiff(lastOfPadded, alone.select(0, 0)))} (패딩 앞까지는 같은 계산이므로 0)`);
    console.log(`그러나 output[:, -1] (마지막 시점)을 쓰면: ${fmt(maxAbsDiff(output.select(1, -1), alone.select(0, 0)))} (짧은 시퀀스는 패딩 자리를 읽음)`);
    console.log('\n→ 패딩을 그대로 넣으면 RNN이 패딩 위에서도 계속 돌아 h_n이 달라집니다. 길이가 가장 긴 시퀀스(6)만 같습니다.');
  });
}
