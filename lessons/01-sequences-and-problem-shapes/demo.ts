// Lesson 01: why order matters (a bag of words cannot tell "the dog bit the man" from
// "the man bit the dog", an RNN can), and the four problem shapes built with the library.
import Table from 'cli-table3';
import { Tensor, manualSeed, nn, randn, stack, tensor, zeros } from '../../lib/index.ts';
import { Transcript } from '../transcript.ts';

export interface ShapeCase {
  name: string;
  example: string;
  input: number[];
  output: number[];
}

export interface SequencesResult {
  vocabulary: string[];
  /** Word counts of the two sentences: identical, so a bag-of-words model sees one sentence twice. */
  bagOfWords: [number[], number[]];
  /** Largest difference between the outputs of an order-blind model (Linear on word counts). */
  bagModelDifference: number;
  /** Distance between the RNN's final hidden states for the two sentences. */
  rnnHiddenDistance: number;
  shapes: { manyToOne: ShapeCase; manyToMany: ShapeCase; oneToMany: ShapeCase; encoderDecoder: ShapeCase };
  /** What the demo printed, by name: the numbers lessons/01-…/README.md quotes. */
  transcript: Transcript;
}

type Log = (...args: unknown[]) => void;

// #region one-hot
const sentences = ['the dog bit the man', 'the man bit the dog'];
const vocabulary = [...new Set(sentences.flatMap((s) => s.split(' ')))].sort(); // bit, dog, man, the

// One row per word: a 1 in the column of that word, 0 elsewhere. (time, vocabulary)
function oneHot(sentence: string): Tensor {
  return tensor(sentence.split(' ').map((word) => vocabulary.map((v) => (v === word ? 1 : 0))));
}
// #endregion

function orderMatters(log: Log) {
  // #region bag-vs-rnn
  const sequences = stack(sentences.map(oneHot)); // (batch 2, time 5, vocabulary 4)
  const bags = sequences.sum(1); // count of each word, order thrown away: (2, 4)

  const bagModel = new nn.Linear(vocabulary.length, 3); // any model that only sees the counts
  const bagOutputs = bagModel.forward(bags); // (2, 3): row 0 and row 1 are identical

  const rnn = new nn.RNN(vocabulary.length, 6, { batchFirst: true });
  const [, hN] = rnn.forward(sequences); // hN: (1, 2, 6), the memory after the last word
  // #endregion
  const bagOfWords = bags.toArray() as [number[], number[]];
  const bagRows = bagOutputs.toArray() as number[][];
  const bagModelDifference = Math.max(...bagRows[0].map((v, i) => Math.abs(v - bagRows[1][i])));
  const h = hN.select(0, 0).toArray() as number[][];
  const rnnHiddenDistance = Math.hypot(...h[0].map((v, i) => v - h[1][i]));

  log(`어휘(vocabulary): ${vocabulary.join(', ')}`);
  sentences.forEach((s, i) => log(`"${s}" → 단어 개수(bag of words) [${bagOfWords[i].join(', ')}]`));
  log(`단어 개수만 보는 모델의 두 출력 차이: ${bagModelDifference}`);
  log(`RNN의 마지막 은닉 상태 h_n 사이의 거리: ${rnnHiddenDistance.toFixed(4)}`);
  return { bagOfWords, bagModelDifference, rnnHiddenDistance };
}

// #region many-to-one
// Many-to-one (sentiment, spam): read the whole sequence, answer once from the last memory.
class ManyToOne extends nn.Module {
  rnn: nn.RNN;
  fc: nn.Linear;
  constructor(inputSize: number, hiddenSize: number, numClasses: number) {
    super();
    this.rnn = new nn.RNN(inputSize, hiddenSize, { batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, numClasses);
  }
  forward(x: Tensor): Tensor {
    const [, hN] = this.rnn.forward(x); // (1, batch, hidden)
    return this.fc.forward(hN.select(0, -1)); // (batch, numClasses)
  }
}
// #endregion

// #region many-to-many
// Many-to-many (tagging, NER): one answer per input step, from the memory at that step.
class ManyToMany extends nn.Module {
  rnn: nn.RNN;
  fc: nn.Linear;
  constructor(inputSize: number, hiddenSize: number, numTags: number) {
    super();
    this.rnn = new nn.RNN(inputSize, hiddenSize, { batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, numTags);
  }
  forward(x: Tensor): Tensor {
    const [output] = this.rnn.forward(x); // (batch, time, hidden): every step's memory
    return this.fc.forward(output); // (batch, time, numTags)
  }
}
// #endregion

// #region one-to-many
// One-to-many (captioning, generation): one input vector becomes the first memory;
// each step's output is fed back as the next step's input.
class OneToMany extends nn.Module {
  featuresToHidden: nn.Linear;
  cell: nn.RNNCell;
  fc: nn.Linear;
  constructor(inputSize: number, hiddenSize: number, vocabSize: number) {
    super();
    this.featuresToHidden = new nn.Linear(inputSize, hiddenSize);
    this.cell = new nn.RNNCell(vocabSize, hiddenSize);
    this.fc = new nn.Linear(hiddenSize, vocabSize);
  }
  forward(features: Tensor, steps: number): Tensor {
    let h = this.featuresToHidden.forward(features).tanh(); // (batch, hidden)
    let token = zeros([features.shape[0], this.fc.outFeatures]); // an all-zero "start" token
    const outputs: Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      h = this.cell.forward(token, h);
      const logits = this.fc.forward(h); // (batch, vocab)
      outputs.push(logits);
      token = logits.softmax(-1); // what was just produced is the next input
    }
    return stack(outputs, 1); // (batch, steps, vocab)
  }
}
// #endregion

// #region encoder-decoder
// Encoder–decoder (translation): the encoder's last memory starts the decoder,
// so the output length need not equal the input length.
class EncoderDecoder extends nn.Module {
  encoder: nn.RNN;
  decoder: nn.RNN;
  fc: nn.Linear;
  constructor(inputSize: number, hiddenSize: number, targetVocab: number) {
    super();
    this.encoder = new nn.RNN(inputSize, hiddenSize, { batchFirst: true });
    this.decoder = new nn.RNN(targetVocab, hiddenSize, { batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, targetVocab);
  }
  forward(source: Tensor, targetInputs: Tensor): Tensor {
    const [, context] = this.encoder.forward(source); // (1, batch, hidden): the whole source in one vector
    const [output] = this.decoder.forward(targetInputs, context); // (batch, targetTime, hidden)
    return this.fc.forward(output); // (batch, targetTime, targetVocab)
  }
}
// #endregion

function problemShapes(log: Log, transcript: Transcript): SequencesResult['shapes'] {
  // #region four-shapes
  const batch = 2;
  const features = 3;
  const hidden = 8;
  const x = randn([batch, 6, features]); // 2 sequences, 6 steps, 3 numbers per step

  const sentiment = new ManyToOne(features, hidden, 2).forward(x); // (2, 2)
  const tags = new ManyToMany(features, hidden, 5).forward(x); // (2, 6, 5)
  const image = randn([batch, features]); // one vector per example, no time axis
  const caption = new OneToMany(features, hidden, 5).forward(image, 4); // (2, 4, 5)
  const targetInputs = randn([batch, 4, 5]); // the decoder's own 4-step input
  const translation = new EncoderDecoder(features, hidden, 5).forward(x, targetInputs); // (2, 4, 5)
  // #endregion
  const shapes = {
    manyToOne: { name: '다대일 many-to-one', example: '감성 분류, 스팸 분류', input: x.shape, output: sentiment.shape },
    manyToMany: { name: '다대다 many-to-many', example: '개체명 인식, 품사 태깅', input: x.shape, output: tags.shape },
    oneToMany: { name: '일대다 one-to-many', example: '이미지 캡셔닝, 텍스트 생성', input: image.shape, output: caption.shape },
    encoderDecoder: { name: '인코더–디코더 encoder–decoder', example: '기계 번역', input: x.shape, output: translation.shape },
  };
  const table = new Table({ head: ['모양 (shape)', '입력 shape', '출력 shape', '예'], style: { head: [], border: [] } });
  for (const c of Object.values(shapes)) table.push([c.name, `(${c.input.join(', ')})`, `(${c.output.join(', ')})`, c.example]);
  log(table.toString());
  const reading = {
    manyToOne: '시퀀스 2개 → 각각 클래스 2개의 점수, 시간 축이 사라짐',
    manyToMany: '6 시점마다 태그 5개의 점수, 길이가 입력과 같음',
    oneToMany: '시간 축이 없는 벡터 → 4 시점의 출력',
    encoderDecoder: '6 시점을 읽고 4 시점을 냄, 길이가 달라짐',
  };
  transcript.table(
    'shapes-table',
    ['모양', '입력 shape', '출력 shape', '읽는 법'],
    (Object.keys(shapes) as (keyof typeof shapes)[]).map((k) => [
      shapes[k].name.split(' ')[0],
      `(${shapes[k].input.join(', ')})`,
      `(${shapes[k].output.join(', ')})`,
      reading[k],
    ]),
    'llll',
  );
  return shapes;
}

export async function main({ quiet = false, seed = 0 }: { quiet?: boolean; seed?: number } = {}): Promise<SequencesResult> {
  const transcript = new Transcript(quiet);
  const { log } = transcript;
  manualSeed(seed);
  transcript.block('order');
  log('== 1. 순서가 바뀌면 뜻이 바뀐다 ==');
  const order = orderMatters(log);
  transcript.block('shapes');
  log('\n== 2. 문제의 네 가지 모양 (batch 2, 입력 특징 3, 은닉 8) ==');
  const shapes = problemShapes(log, transcript);
  transcript.endBlock();
  return { vocabulary, ...order, shapes, transcript };
}
