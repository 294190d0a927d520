// The trained model this exercise generates from (given): a character-level language model
// Embedding → unidirectional RNN → Linear, as in lessons/12-one-to-many-generation, and its training.
import { Generator, Tensor, nn, optim, tensor } from '../../lib/index.ts';

/** The 27 characters the model reads and writes: a–z and the space (index 26). */
export const ALPHABET = 'abcdefghijklmnopqrstuvwxyz ';

/** A tiny text with real choices in it: after "the " comes cat, dog, mat, log or rat. */
export const TEXT =
  'the cat sat on the mat ' +
  'the dog sat on the log ' +
  'the cat ate the rat ' +
  'the dog ate the cat ' +
  'a rat sat on a log ' +
  'a dog and a cat sat on the mat ';

/** Characters → indices into ALPHABET; throws on any other character. */
export function encode(text: string): number[] {
  return [...text].map((ch) => {
    const index = ALPHABET.indexOf(ch);
    if (index === -1) throw new Error(`encode: expected a character in a–z or a space, got ${JSON.stringify(ch)}`);
    return index;
  });
}

/** Indices → characters. */
export function decode(indices: number[]): string {
  return indices.map((i) => ALPHABET[i]).join('');
}

/** Embedding → unidirectional RNN → a score (logit) for each of the 27 characters, at every step. */
export class CharLM extends nn.Module {
  embedding: nn.Embedding;
  rnn: nn.RNN;
  fc: nn.Linear;

  constructor(vocabSize = ALPHABET.length, embedSize = 16, hiddenSize = 64) {
    super();
    this.embedding = new nn.Embedding(vocabSize, embedSize);
    this.rnn = new nn.RNN(embedSize, hiddenSize, { batchFirst: true });
    this.fc = new nn.Linear(hiddenSize, vocabSize);
  }

  /**
   * x (batch, seq) of character indices, h the state to continue from (none: zeros)
   * → [logits (batch, seq, vocab), h_n (1, batch, hidden)].
   */
  forward(x: Tensor, h?: Tensor): [Tensor, Tensor] {
    const [output, hN] = this.rnn.forward(this.embedding.forward(x), h);
    return [this.fc.forward(output), hN];
  }
}

/**
 * Next-character training with teacher forcing: windows of the text as input, the same windows
 * shifted by one as targets, cross-entropy over every step (Adam, 16 windows of 24 per update).
 * Returns the loss of every update.
 */
export function trainCharLM(model: CharLM, { iterations = 200, lr = 0.01, generator = new Generator(0) }: { iterations?: number; lr?: number; generator?: Generator } = {}): number[] {
  const corpus = encode(TEXT.repeat(3)); // the text a few times over, so windows can wrap around it
  const window = 24;
  const optimizer = new optim.Adam(model.parameters(), { lr });
  const criterion = new nn.CrossEntropyLoss();
  const losses: number[] = [];
  for (let it = 0; it < iterations; it++) {
    const starts = Array.from({ length: 16 }, () => Math.floor(generator.random() * (corpus.length - window - 1)));
    const inputs = tensor(starts.map((s) => corpus.slice(s, s + window)));
    const targets = tensor(starts.map((s) => corpus.slice(s + 1, s + window + 1)));
    const [logits] = model.forward(inputs);
    const loss = criterion.forward(logits.reshape([-1, ALPHABET.length]), targets.reshape([-1]));
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  return losses;
}
