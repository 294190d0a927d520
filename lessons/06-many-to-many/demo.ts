// Lesson 06: many-to-many. Note 002's RNNSeq2Seq tags every step of a sequence; the task here
// ("did the value go up, down, or stay?") needs the previous step, so a model without memory cannot
// solve it. Cross-entropy over all steps at once, two equivalent ways, and per-token accuracy.
import { Tensor, manualSeed, nn, noGrad, optim, randint, randperm, tensor } from '../../lib/index.ts';
import { Transcript } from '../transcript.ts';

export interface TaggedSample {
  tokens: number[];
  actual: number[];
  predicted: number[];
}

export interface ManyToManyResult {
  /** What the demo printed, by name: the numbers lessons/06-…/README.md quotes. */
  transcript: Transcript;
  shapes: { input: number[]; target: number[]; logits: number[] };
  /** The same cross-entropy computed on (N·T, C) and on (N, C, T): must be equal. */
  lossFlattened: number;
  lossClassesOnDim1: number;
  epochLosses: number[];
  /** Per-token accuracy on the test set. */
  rnnAccuracy: number;
  /** The same task for a model that sees one token at a time (no memory). */
  tokenOnlyAccuracy: number;
  samples: TaggedSample[];
}

type Log = (...args: unknown[]) => void;

const VOCAB = 5; // tokens are the integers 0 … 4
const NUM_TAGS = 3;
const TAG_SYMBOLS = ['=', '↑', '↓'];

// #region data
// Tag of step t: 1 (↑) if x_t > x_{t-1}, 2 (↓) if x_t < x_{t-1}, 0 (=) if equal or t = 0.
function riseFallTags(tokens: number[]): number[] {
  return tokens.map((x, t) => (t === 0 || x === tokens[t - 1] ? 0 : x > tokens[t - 1] ? 1 : 2));
}

// Inputs one-hot (N, T, VOCAB) and one integer tag per step (N, T).
function makeData(nSamples: number, seqLen: number): { x: Tensor; y: Tensor; tokens: number[][] } {
  const tokens = randint(0, VOCAB, [nSamples, seqLen]).toArray() as number[][];
  const x = tensor(tokens.map((seq) => seq.map((v) => Array.from({ length: VOCAB }, (_, k) => (k === v ? 1 : 0)))));
  const y = tensor(tokens.map(riseFallTags));
  return { x, y, tokens };
}
// #endregion

// #region rnn-seq2seq
class RNNSeq2Seq extends nn.Module {
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor(inputSize: number, hiddenSize: number, outputSize: number) {
    super();
    this.rnn = new nn.RNN(inputSize, hiddenSize, { batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, outputSize);
  }

  forward(x: Tensor): Tensor {
    const [output] = this.rnn.forward(x); // (batch, seq, hidden): the memory at every step
    return this.fc.forward(output); // the same Linear at every step: (batch, seq, outputSize)
  }
}
// #endregion

// A per-token model with no memory: it sees x_t alone and cannot know x_{t-1}.
class TokenOnly extends nn.Module {
  fc: nn.Linear;
  constructor(inputSize: number, outputSize: number) {
    super();
    this.fc = new nn.Linear(inputSize, outputSize);
  }
  forward(x: Tensor): Tensor {
    return this.fc.forward(x);
  }
}

// #region loss-two-ways
// logits (N, T, C) and targets (N, T): cross-entropy wants the classes on dim 1.
function sequenceCrossEntropy(criterion: nn.CrossEntropyLoss, logits: Tensor, targets: Tensor): Tensor {
  const numClasses = logits.shape[2];
  return criterion.forward(logits.reshape(-1, numClasses), targets.reshape(-1)); // (N·T, C) vs (N·T)
}

function sequenceCrossEntropyOnDim1(criterion: nn.CrossEntropyLoss, logits: Tensor, targets: Tensor): Tensor {
  return criterion.forward(logits.permute(0, 2, 1), targets); // (N, C, T) vs (N, T)
}
// #endregion

// #region accuracy
function perTokenAccuracy(logits: Tensor, targets: Tensor): number {
  return logits.argmax(-1).eq(targets).mean().item(); // every step of every sequence counts once
}
// #endregion

function train(model: nn.Module, data: { x: Tensor; y: Tensor }, epochs: number): number[] {
  // #region train
  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  const batchSize = 32;
  const epochLosses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = Array.from(randperm(data.x.shape[0]).data);
    let lossSum = 0;
    for (let i = 0; i < order.length; i += batchSize) {
      const batch = order.slice(i, i + batchSize);
      const logits = model.forward(data.x.index(batch)); // (batch, T, 3)
      const loss = sequenceCrossEntropy(criterion, logits, data.y.index(batch)); // all steps at once
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      lossSum += loss.item() * batch.length;
    }
    epochLosses.push(lossSum / order.length);
  }
  // #endregion
  return epochLosses;
}

export async function main({ quiet = false, seed = 0 }: { quiet?: boolean; seed?: number } = {}): Promise<ManyToManyResult> {
  const transcript = new Transcript(quiet);
  const { log } = transcript;
  const v = (name: string, text: string | number) => transcript.value(name, text);
  manualSeed(seed);
  v('seed', seed);
  const seqLen = 12;
  const trainData = makeData(512, seqLen);
  const testData = makeData(128, seqLen);
  transcript.block('data');
  log('== 1. 데이터: 토큰 0…4의 시퀀스, 시점마다 태그 = (같음), ↑ (올라감), ↓ (내려감) ==');
  log(`  토큰 [${trainData.tokens[0].join(' ')}]`);
  log(`  태그 [${riseFallTags(trainData.tokens[0]).map((t) => TAG_SYMBOLS[t]).join(' ')}]`);

  const model = new RNNSeq2Seq(VOCAB, 16, NUM_TAGS);
  const criterion = new nn.CrossEntropyLoss();
  const untrainedLogits = noGrad(() => model.forward(testData.x));
  const lossFlattened = sequenceCrossEntropy(criterion, untrainedLogits, testData.y).item();
  const lossClassesOnDim1 = sequenceCrossEntropyOnDim1(criterion, untrainedLogits, testData.y).item();
  transcript.block('loss');
  log('\n== 2. 모든 시점의 교차 엔트로피를 한 번에 ==');
  log(`  입력 (${testData.x.shape.join(', ')}) → logits (${untrainedLogits.shape.join(', ')}), 정답 (${testData.y.shape.join(', ')})`);
  log(`  (N·T, C)로 펼쳐서: ${lossFlattened.toFixed(6)}   (N, C, T)로 바꿔서: ${lossClassesOnDim1.toFixed(6)}   (학습 전, ln 3 = ${Math.log(3).toFixed(6)})`);

  v('untrained-loss', lossFlattened.toFixed(6));
  transcript.block('training');
  log('\n== 3. 학습: RNNSeq2Seq(5, 16, 3), Adam lr 0.01, 배치 32 ==');
  const epochs = 15;
  const epochLosses = train(model, trainData, epochs);
  epochLosses.forEach((loss, e) => {
    if (e % 4 === 0 || e === epochs - 1) log(`  epoch ${String(e + 1).padStart(2)}/${epochs}  loss ${loss.toFixed(4)}`);
  });
  const logits = noGrad(() => model.forward(testData.x));
  const rnnAccuracy = perTokenAccuracy(logits, testData.y);

  const tokenOnly = new TokenOnly(VOCAB, NUM_TAGS);
  train(tokenOnly, trainData, epochs);
  const tokenOnlyAccuracy = perTokenAccuracy(noGrad(() => tokenOnly.forward(testData.x)), testData.y);
  log(`테스트 토큰별 정확도: RNNSeq2Seq ${(rnnAccuracy * 100).toFixed(1)}%   기억 없는 모델(TokenOnly) ${(tokenOnlyAccuracy * 100).toFixed(1)}%`);

  v('first-loss', epochLosses[0].toFixed(3));
  v('last-loss', epochLosses[epochs - 1].toFixed(3));
  v('test-sequences', testData.x.shape[0]);
  v('test-tokens', testData.x.shape[0] * seqLen);
  v('rnn-accuracy', `${(rnnAccuracy * 100).toFixed(1)}%`);
  v('token-only-accuracy', `${(tokenOnlyAccuracy * 100).toFixed(1)}%`);
  transcript.block('samples');
  log('\n== 4. 테스트 샘플 3개: 예측 태그와 정답 태그 ==');
  const predictedTags = logits.argmax(-1).toArray() as number[][];
  const samples: TaggedSample[] = [0, 1, 2].map((i) => ({
    tokens: testData.tokens[i],
    actual: riseFallTags(testData.tokens[i]),
    predicted: predictedTags[i],
  }));
  for (const s of samples) {
    log(`  토큰 ${s.tokens.join(' ')}`);
    log(`  정답 ${s.actual.map((t) => TAG_SYMBOLS[t]).join(' ')}`);
    log(`  예측 ${s.predicted.map((t) => TAG_SYMBOLS[t]).join(' ')}   ${s.predicted.every((t, k) => t === s.actual[k]) ? '(모두 맞음)' : '(틀린 곳 있음)'}\n`);
  }

  return {
    shapes: { input: testData.x.shape, target: testData.y.shape, logits: untrainedLogits.shape },
    lossFlattened,
    lossClassesOnDim1,
    epochLosses,
    rnnAccuracy,
    tokenOnlyAccuracy,
    samples,
    transcript,
  };
}
