// Lesson 12: one-to-many. A character-level RNN learns a tiny text by predicting the next character,
// then writes on its own from one starting character, sampling with a temperature.
import { Generator, Tensor, manualSeed, nn, noGrad, optim, tensor } from '../../lib/index.ts';
import { Transcript } from '../transcript.ts';

export const ALPHABET = 'abcdefghijklmnopqrstuvwxyz '; // 27 characters: a–z and space
/** A tiny corpus with real choices in it: after "the " comes cat, dog, mat, log or rat. */
export const TEXT =
  'the cat sat on the mat ' +
  'the dog sat on the log ' +
  'the cat ate the rat ' +
  'the dog ate the cat ' +
  'a rat sat on a log ' +
  'a dog and a cat sat on the mat ';

/** The words of TEXT: a generated word is "real" if it is one of these. */
export const WORDS = new Set(TEXT.trim().split(' '));

/** Share of the complete words of a generated text (the last, unfinished one left out) that are real words. */
export function realWordShare(text: string): number {
  const words = text.split(' ').slice(0, -1).filter((w) => w.length > 0);
  return words.length === 0 ? 0 : words.filter((w) => WORDS.has(w)).length / words.length;
}

function encode(text: string): number[] {
  return [...text].map((ch) => {
    const index = ALPHABET.indexOf(ch);
    if (index === -1) throw new Error(`encode: expected a character in a–z or a space, got ${JSON.stringify(ch)}`);
    return index;
  });
}

// #region char-lm
/** Embedding → unidirectional RNN → a score for each of the 27 characters, at every step. */
export class CharLM extends nn.Module {
  embedding: nn.Embedding;
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor(vocabSize: number, embedSize: number, hiddenSize: number) {
    super();
    this.embedding = new nn.Embedding(vocabSize, embedSize);
    this.rnn = new nn.RNN(embedSize, hiddenSize, { batchFirst: true }); // never bidirectional: see README
    this.fc = new nn.Linear(hiddenSize, vocabSize);
  }

  /** x (batch, seq) of indices, h the state to continue from → [logits (batch, seq, vocab), h_n]. */
  forward(x: Tensor, h?: Tensor): [Tensor, Tensor] {
    const [output, hN] = this.rnn.forward(this.embedding.forward(x), h);
    return [this.fc.forward(output), hN];
  }
}
// #endregion

// #region temperature
/** Draws an index from softmax(logits / temperature); temperature 0 means argmax (greedy). */
export function sampleWithTemperature(logits: Tensor, temperature: number, generator: Generator): number {
  if (temperature === 0) return logits.argmax().item();
  const probs = logits.div(temperature).softmax(0).data;
  let u = generator.random(); // one uniform draw in [0, 1), walked along the cumulative probabilities
  for (let k = 0; k < probs.length; k++) {
    u -= probs[k];
    if (u < 0) return k;
  }
  return probs.length - 1; // only reached through rounding
}
// #endregion

// #region generate
/** One-to-many: read `start`, then feed each sampled character back in as the next input. */
export function generate(model: CharLM, start: string, length: number, temperature: number, generator: Generator): string {
  return noGrad(() => {
    let [logits, h] = model.forward(tensor([encode(start)]));
    let text = start;
    for (let i = 0; i < length; i++) {
      const next = sampleWithTemperature(logits.select(0, 0).select(0, -1), temperature, generator);
      text += ALPHABET[next];
      [logits, h] = model.forward(tensor([[next]]), h); // one character in, the state carried over
    }
    return text;
  });
}
// #endregion

/** Mean entropy (in nats) of softmax(logits / temperature) over the rows of logits (n, vocab). */
export function meanEntropy(logits: Tensor, temperature: number): number {
  const probs = logits.div(temperature).softmax(1);
  const [rows, cols] = probs.shape;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < cols; k++) {
      const p = probs.data[r * cols + k];
      if (p > 0) total -= p * Math.log(p);
    }
  }
  return total / rows;
}

// #region train
function train(model: CharLM, iterations: number, generator: Generator): number[] {
  const corpus = encode(TEXT.repeat(3)); // the text a few times over, so windows can wrap around it
  const window = 24;
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  const criterion = new nn.CrossEntropyLoss();
  const losses: number[] = [];
  for (let it = 0; it < iterations; it++) {
    const starts = Array.from({ length: 16 }, () => Math.floor(generator.random() * (corpus.length - window - 1)));
    const inputs = tensor(starts.map((s) => corpus.slice(s, s + window))); // (16, 24)
    const targets = tensor(starts.map((s) => corpus.slice(s + 1, s + window + 1))); // the next character at every step
    const [logits] = model.forward(inputs); // (16, 24, 27)
    const loss = criterion.forward(logits.reshape([-1, ALPHABET.length]), targets.reshape([-1]));
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  return losses;
}
// #endregion

export interface Sample {
  temperature: number;
  text: string;
  /** Share of its complete words that are words of TEXT. */
  realWordShare: number;
  /** Mean entropy (nats) of the next-character distribution at this temperature, over TEXT. */
  entropy: number;
}

export interface GenerationResult {
  losses: number[];
  /** Next-character accuracy on the text, reading it from the start (teacher forcing); the text has real choices, so not 100 %. */
  teacherForcedAccuracy: number;
  /** Greedy (temperature 0) continuation of ' '. */
  greedy: string;
  samples: Sample[];
  /** The τ = 1 sample again from a fresh Generator with the same seed (must be identical). */
  repeatedSample: string;
  /** Three τ = 1 samples from three different generator seeds. */
  variety: string[];
  /** What the demo printed, by name: the numbers lessons/12-…/README.md quotes. */
  transcript: Transcript;
}

export const TEMPERATURES = [0.5, 1.0, 1.5, 3.0];

/** The first run of `words` consecutive complete words of `text` that never occurs in TEXT (read round and round). */
export function novelPhrase(text: string, words = 5): string | undefined {
  const all = text.trim().split(/ +/).slice(1, -1); // the first and last word may be cut off
  const source = ` ${TEXT.trim()} ${TEXT.trim()} `;
  for (let i = 0; i + words <= all.length; i++) {
    const phrase = all.slice(i, i + words).join(' ');
    if (all.slice(i, i + words).every((w) => WORDS.has(w)) && !source.includes(` ${phrase} `)) return phrase;
  }
  return undefined;
}

/** The longest run of whole words that appears twice in `text`: where a greedy generator loops. */
export function longestRepeat(text: string): string {
  const words = text.trim().split(/ +/);
  let best: string[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let k = i + 1; k < words.length; k++) {
      let n = 0;
      while (k + n < words.length && words[i + n] === words[k + n]) n++;
      if (n > best.length) best = words.slice(i, i + n);
    }
  }
  return best.join(' ');
}

export async function main({ quiet = false, seed = 12 }: { quiet?: boolean; seed?: number } = {}): Promise<GenerationResult> {
  const transcript = new Transcript(quiet);
  const { log } = transcript;
  const v = (name: string, text: string | number) => transcript.value(name, text);
  manualSeed(seed);
  transcript.block('training');
  const model = new CharLM(ALPHABET.length, 16, 64);
  log(`\n학습 글 (${TEXT.length}글자, 단어 ${WORDS.size}종류: ${[...WORDS].join(', ')}):\n  ${JSON.stringify(TEXT)}`);
  const losses = train(model, 200, new Generator(seed + 1));
  log(`다음 글자 예측 학습 (Adam, 200번 갱신): loss ${losses[0].toFixed(3)} → ${losses[losses.length - 1].toFixed(3)}  (찍기 수준 ln 27 = ${Math.log(27).toFixed(3)})`);

  // Teacher forcing: feed the true text and check every next-character prediction.
  const reading = encode(TEXT.repeat(2));
  const [readLogits] = noGrad(() => model.forward(tensor([reading.slice(0, -1)])));
  const perStep = readLogits.select(0, 0); // (len − 1, 27)
  const predicted = perStep.argmax(1);
  let correct = 0;
  for (let t = 0; t < reading.length - 1; t++) correct += predicted.get(t) === reading[t + 1] ? 1 : 0;
  const teacherForcedAccuracy = correct / (reading.length - 1);
  log(`정답 글을 넣어 주며 다음 글자 맞히기: ${(teacherForcedAccuracy * 100).toFixed(1)}%  ("the " 다음처럼 답이 여럿인 자리가 있어 100%가 될 수 없다)`);

  transcript.endBlock();
  v('seed', seed);
  v('first-loss', losses[0].toFixed(2));
  v('last-loss', losses[losses.length - 1].toFixed(2));
  v('teacher-forced', `${(teacherForcedAccuracy * 100).toFixed(1)}%`);
  const length = 80;
  const greedy = generate(model, ' ', length, 0, new Generator(0));
  log(`\n공백 한 글자(' ')에서 시작해 ${length}글자 생성 (one-to-many)`);
  log(`  온도 0   (greedy)                     ${JSON.stringify(greedy)}`);
  const samples: Sample[] = TEMPERATURES.map((temperature) => {
    const text = generate(model, ' ', length, temperature, new Generator(2024));
    return { temperature, text, realWordShare: realWordShare(text), entropy: meanEntropy(perStep, temperature) };
  });
  for (const s of samples) {
    log(`  온도 ${s.temperature.toFixed(1)} (엔트로피 ${s.entropy.toFixed(2)}, 진짜 단어 ${(s.realWordShare * 100).toFixed(0).padStart(3)}%) ${JSON.stringify(s.text)}`);
  }
  const variety = [1, 2, 3].map((k) => generate(model, ' ', length, 1.0, new Generator(k)));
  log('\n온도 1.0, 생성기 시드만 바꿔서:');
  for (const text of variety) log(`  ${JSON.stringify(text)}`);
  const repeatedSample = generate(model, ' ', length, 1.0, new Generator(2024));
  log(`\n같은 시드(new Generator(2024))로 온도 1.0을 다시 뽑으면 같은 글인가? ${repeatedSample === samples[1].text}`);
  const percent = (share: number) => `${(share * 100).toFixed(0)}%`;
  const code = (text: string) => `\` ${text.replace(/^ /, '').replace(/ $/, '')} \``;
  transcript.table('samples', ['온도', '엔트로피', '진짜 단어', '생성된 글'], [
    ['0 (greedy)', '–', percent(realWordShare(greedy)), code(greedy)],
    ...samples.map((s) => [s.temperature.toFixed(1), s.entropy.toFixed(2), percent(s.realWordShare), code(s.text)]),
  ], 'lrrl');
  const sampleAt = (t: number) => samples.find((s) => s.temperature === t)!;
  v('novel-phrase', novelPhrase(sampleAt(1.0).text) ?? '(이번 샘플에는 없음)');
  v('hottest-real-words', percent(sampleAt(3.0).realWordShare));
  v('greedy-repeat', longestRepeat(greedy));
  return { losses, teacherForcedAccuracy, greedy, samples, repeatedSample, variety, transcript };
}
