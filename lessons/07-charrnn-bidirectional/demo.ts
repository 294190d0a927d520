// Lesson 07: characters become vectors (Embedding), a CharRNN reads them, and a bidirectional RNN
// reads them in both directions; its two final states, side by side, feed the classifier.
import { Generator, Tensor, cat, manualSeed, nn, noGrad, optim, randn, tensor } from '../../lib/index.ts';
import { Transcript } from '../transcript.ts';

// #region vocabulary
/** a–z then space: the 27-character vocabulary of note 002 (index 0 = 'a', 25 = 'z', 26 = ' '). */
export const ALPHABET = 'abcdefghijklmnopqrstuvwxyz ';
export const VOCAB_SIZE = ALPHABET.length; // 27

export function encode(text: string): number[] {
  return [...text].map((ch) => {
    const index = ALPHABET.indexOf(ch);
    if (index === -1) throw new Error(`encode: expected a character in a–z or a space, got ${JSON.stringify(ch)}`);
    return index;
  });
}

export function decode(indices: number[]): string {
  return indices.map((i) => ALPHABET[i]).join('');
}
// #endregion

// #region char-rnn
export class CharRNN extends nn.Module {
  readonly bidirectional: boolean;
  embedding: nn.Embedding;
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor(vocabSize: number, embedSize: number, hiddenSize: number, numClasses: number, { bidirectional = false } = {}) {
    super();
    this.bidirectional = bidirectional;
    this.embedding = new nn.Embedding(vocabSize, embedSize);
    this.rnn = new nn.RNN(embedSize, hiddenSize, { batchFirst: true, bidirectional });
    // A bidirectional RNN hands the classifier two final states side by side.
    this.fc = new nn.Linear(bidirectional ? 2 * hiddenSize : hiddenSize, numClasses);
  }

  forward(x: Tensor): Tensor {
    const embedded = this.embedding.forward(x); // (batch, seq) → (batch, seq, embed)
    const [, hN] = this.rnn.forward(embedded); // hN: (numDirections, batch, hidden)
    const summary = this.bidirectional
      ? cat([hN.select(0, 0), hN.select(0, 1)], 1) // [forward final ‖ backward final]: (batch, 2·hidden)
      : hN.select(0, -1); // (batch, hidden)
    return this.fc.forward(summary); // (batch, numClasses) logits
  }
}
// #endregion

/** The largest absolute difference between two tensors of one shape. */
function maxAbsDiff(a: Tensor, b: Tensor): number {
  return a.sub(b).abs().max().item();
}

// ---------------------------------------------------------------------------------------------
// The toy task: the sentiment word comes first, then a long stretch of unrelated characters.
// ---------------------------------------------------------------------------------------------
const POSITIVE_WORDS = ['good', 'great', 'nice'];
const NEGATIVE_WORDS = ['bad', 'awful', 'poor'];
const FILLER = 'abcdefghijklmnopqrstuvwxyz    '; // letters with spaces a little more frequent

/** n sentences of exactly `length` characters: "<word> <random filler>", label 1 = positive. */
export function firstWordSentences(n: number, length: number, generator: Generator): { texts: string[]; labels: number[] } {
  const texts: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const positive = generator.random() < 0.5;
    const words = positive ? POSITIVE_WORDS : NEGATIVE_WORDS;
    let text = words[Math.floor(generator.random() * words.length)] + ' ';
    while (text.length < length) text += FILLER[Math.floor(generator.random() * FILLER.length)];
    texts.push(text);
    labels.push(positive ? 1 : 0);
  }
  return { texts, labels };
}

function accuracy(model: CharRNN, x: Tensor, labels: number[]): number {
  const predicted = noGrad(() => model.forward(x).argmax(1));
  let correct = 0;
  labels.forEach((label, i) => (correct += predicted.get(i) === label ? 1 : 0));
  return correct / labels.length;
}

interface TrainingRun {
  trainAccuracy: number;
  testAccuracy: number;
  losses: number[];
}

// #region train
function train(model: CharRNN, x: Tensor, labels: number[], epochs: number, batchSize: number, generator: Generator): number[] {
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  const criterion = new nn.CrossEntropyLoss();
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = shuffled(labels.length, generator);
    let total = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      const logits = model.forward(x.index(batch)); // (batch, 2)
      const loss = criterion.forward(logits, tensor(batch.map((i) => labels[i])));
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      total += loss.item() * batch.length;
    }
    losses.push(total / labels.length);
  }
  return losses;
}
// #endregion

function shuffled(n: number, generator: Generator): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(generator.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export interface CharRnnBidirectionalResult {
  /** What the demo printed, by name: the numbers lessons/07-…/README.md quotes. */
  transcript: Transcript;
  vocabSize: number;
  /** encode('hello world') and its decoding back. */
  encoded: number[];
  decoded: string;
  embeddedShape: number[];
  /** max |embedding(x)[0, t] − weight[x[0, t]]| over the sentence: a lookup, nothing else. */
  embeddingLookupGap: number;
  /** CharRNN of note 002 (vocab 27, embed 32, hidden 64, 5 classes) on a batch of 2 sentences. */
  charRnnLogitsShape: number[];
  charRnnParameterShapes: Record<string, number[]>;
  biOutputShape: number[];
  biHnShape: number[];
  /** hN[0] vs output[:, T−1, :H] and hN[1] vs output[:, 0, H:] (both should be 0). */
  forwardFinalGap: number;
  backwardFinalGap: number;
  /** hN[1] vs output[:, T−1, H:]: the backward half of the last output is NOT the backward final state. */
  backwardVsLastOutputGap: number;
  /** How much output[:, 0, :] moves when only the last character changes. */
  futureLeak: { unidirectional: number; bidirectional: number };
  sentenceLength: number;
  unidirectional: TrainingRun;
  bidirectional: TrainingRun;
}

export async function main({ quiet = false, seed = 7 }: { quiet?: boolean; seed?: number } = {}): Promise<CharRnnBidirectionalResult> {
  const transcript = new Transcript(quiet);
  const { log } = transcript;
  const v = (name: string, text: string | number) => transcript.value(name, text);
  manualSeed(seed);
  v('seed', seed);

  // 1. Characters to indices and back.
  const sentence = 'hello world';
  const encoded = encode(sentence);
  transcript.block('vocabulary');
  log(`\n1) 문자 사전(vocabulary): ${VOCAB_SIZE}개 = a–z + 공백`);
  log(`   encode(${JSON.stringify(sentence)}) = [${encoded.join(', ')}]`);
  log(`   decode(...)              = ${JSON.stringify(decode(encoded))}`);

  // 2. Embedding: an index picks one row of the weight table.
  // #region embedding
  const embedding = new nn.Embedding(VOCAB_SIZE, 8); // 27 rows, each an 8-number vector
  const indices = tensor([encoded]); // (batch 1, seq 11)
  const embedded = embedding.forward(indices); // (1, 11, 8)
  // #endregion
  let embeddingLookupGap = 0;
  encoded.forEach((index, t) => {
    embeddingLookupGap = Math.max(embeddingLookupGap, maxAbsDiff(embedded.select(0, 0).select(0, t), embedding.weight.select(0, index)));
  });
  log(`\n2) nn.Embedding(27, 8): 인덱스 (1, ${encoded.length}) → 벡터 [${embedded.shape.join(', ')}]`);
  log(`   embedded[0, 0] == weight[${encoded[0]}] ('h'의 행)? 최대 차이 ${embeddingLookupGap}`);

  // 3. The CharRNN of note 002.
  const charRnn = new CharRNN(VOCAB_SIZE, 32, 64, 5);
  const pair = tensor([encode('i love rnn'), encode('so so film')]); // (2, 10)
  const logits = charRnn.forward(pair);
  const charRnnParameterShapes = Object.fromEntries(charRnn.namedParameters().map(([name, p]) => [name, p.shape]));
  log(`\n3) CharRNN(vocab 27, embed 32, hidden 64, classes 5): 입력 [${pair.shape.join(', ')}] → 로짓 [${logits.shape.join(', ')}]`);
  for (const [name, shape] of Object.entries(charRnnParameterShapes)) log(`   ${name.padEnd(22)} [${shape.join(', ')}]`);

  // 4. A bidirectional RNN: where its final states live in `output`.
  const hidden = 16;
  const steps = 6;
  // #region bidirectional
  const birnn = new nn.RNN(8, hidden, { batchFirst: true, bidirectional: true });
  const x = randn([3, steps, 8]); // (batch 3, seq 6, features 8)
  const [output, hN] = birnn.forward(x); // output (3, 6, 32), hN (2, 3, 16)
  const forwardFinal = output.select(1, steps - 1).narrow(1, 0, hidden); // forward reads t = 0 … 5, ends at t = 5
  const backwardFinal = output.select(1, 0).narrow(1, hidden, hidden); // backward reads t = 5 … 0, ends at t = 0
  const forwardFinalGap = maxAbsDiff(hN.select(0, 0), forwardFinal); // 0
  const backwardFinalGap = maxAbsDiff(hN.select(0, 1), backwardFinal); // 0
  // #endregion
  const backwardVsLastOutputGap = maxAbsDiff(hN.select(0, 1), output.select(1, steps - 1).narrow(1, hidden, hidden));
  v('backward-vs-last-output', backwardVsLastOutputGap.toFixed(3));
  transcript.block('bidirectional');
  log(`\n4) 양방향 RNN(8 → ${hidden}): 입력 [${x.shape.join(', ')}] → output [${output.shape.join(', ')}], h_n [${hN.shape.join(', ')}]`);
  log(`   h_n[0] vs output[:, ${steps - 1}, :${hidden}]  (순방향의 마지막)   최대 차이 ${forwardFinalGap}`);
  log(`   h_n[1] vs output[:, 0, ${hidden}:]  (역방향의 마지막)   최대 차이 ${backwardFinalGap}`);
  log(`   h_n[1] vs output[:, ${steps - 1}, ${hidden}:] (output[-1]의 역방향 절반) 최대 차이 ${backwardVsLastOutputGap.toFixed(3)}  ← 같지 않다`);

  // 5. Why a bidirectional model cannot generate: its early outputs already depend on the future.
  // #region future-leak
  const unirnn = new nn.RNN(8, hidden, { batchFirst: true });
  const changedLast = cat([x.narrow(1, 0, steps - 1), randn([3, 1, 8])], 1); // only step 5 differs
  const firstStepShift = (rnn: nn.RNN) => maxAbsDiff(rnn.forward(x)[0].select(1, 0), rnn.forward(changedLast)[0].select(1, 0));
  const futureLeak = { unidirectional: firstStepShift(unirnn), bidirectional: firstStepShift(birnn) };
  // #endregion
  v('future-leak-uni', futureLeak.unidirectional);
  v('future-leak-bi', futureLeak.bidirectional.toFixed(4));
  log(`\n5) 마지막 시점(t = ${steps - 1})의 입력만 바꿨을 때 t = 0 출력의 변화: 단방향 ${futureLeak.unidirectional}, 양방향 ${futureLeak.bidirectional.toFixed(4)}`);
  log(`   → 양방향 모델의 t = 0 출력은 이미 미래(t = ${steps - 1})를 보고 있다: 다음 글자를 예측·생성하는 데 쓸 수 없다.`);

  // 6. Classification where the deciding word comes first.
  const sentenceLength = 24;
  const data = new Generator(seed * 1000 + 24);
  const trainSet = firstWordSentences(256, sentenceLength, data);
  const testSet = firstWordSentences(128, sentenceLength, data);
  const xTrain = tensor(trainSet.texts.map(encode));
  const xTest = tensor(testSet.texts.map(encode));
  transcript.block('first-word');
  log(`\n6) 첫 단어가 감정을 정하는 문장 (${sentenceLength}글자), 예: ${trainSet.texts.slice(0, 3).map((t, i) => `"${t}" → ${trainSet.labels[i]}`).join(', ')}`);
  const runs: Record<'unidirectional' | 'bidirectional', TrainingRun> = {} as never;
  for (const bidirectional of [false, true]) {
    manualSeed(seed + 1); // the same starting weights for both, up to the wider fc of the bidirectional one
    const model = new CharRNN(VOCAB_SIZE, 8, 16, 2, { bidirectional });
    const losses = train(model, xTrain, trainSet.labels, 12, 32, new Generator(seed + 2));
    const run = {
      trainAccuracy: accuracy(model, xTrain, trainSet.labels),
      testAccuracy: accuracy(model, xTest, testSet.labels),
      losses,
    };
    runs[bidirectional ? 'bidirectional' : 'unidirectional'] = run;
    log(
      `   ${bidirectional ? '양방향' : '단방향'}: loss ${losses[0].toFixed(3)} → ${losses[losses.length - 1].toFixed(3)}, ` +
        `train 정확도 ${(run.trainAccuracy * 100).toFixed(1)}%, test 정확도 ${(run.testAccuracy * 100).toFixed(1)}%`,
    );
  }
  log(`   → 단방향은 첫 단어를 ${sentenceLength - 5}스텝 넘게 들고 가야 한다. 역방향 RNN은 첫 단어를 맨 마지막에 읽으므로, 그 단어가 h_n[1]에 또렷하게 남는다.`);
  transcript.endBlock();
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  transcript.table('accuracy-table', ['모델', '학습 정확도', '시험 정확도'], [
    ['단방향 CharRNN', percent(runs.unidirectional.trainAccuracy), percent(runs.unidirectional.testAccuracy)],
    ['양방향 CharRNN', percent(runs.bidirectional.trainAccuracy), percent(runs.bidirectional.testAccuracy)],
  ]);

  return {
    vocabSize: VOCAB_SIZE,
    encoded,
    decoded: decode(encoded),
    embeddedShape: embedded.shape,
    embeddingLookupGap,
    charRnnLogitsShape: logits.shape,
    charRnnParameterShapes,
    biOutputShape: output.shape,
    biHnShape: hN.shape,
    forwardFinalGap,
    backwardFinalGap,
    backwardVsLastOutputGap,
    futureLeak,
    sentenceLength,
    unidirectional: runs.unidirectional,
    bidirectional: runs.bidirectional,
    transcript,
  };
}
