// Lesson 11's long-dependency task: the class is the first symbol of the sequence, and T − 1 noise
// symbols follow. A classifier reads the whole sequence and answers from its last hidden state; the
// gated layers, started in "keep" mode, remember the first symbol, the plain RNN forgets it.
// BEGIN SOLUTION
import { Generator, Tensor, defaultGenerator, manualSeed, nn, noGrad, optim, tensor } from '../../lib/index.ts';
// STARTER
//> import { Generator, Tensor, defaultGenerator, nn, noGrad, todo } from '../../lib/index.ts';
// END SOLUTION

/** Classes: the first symbol is one of 0 … 3. */
export const NUM_CLASSES = 4;
/** Noise symbols 4 … 7 fill the other steps. */
export const NUM_NOISE_SYMBOLS = 4;
/** Width of the one-hot input. */
export const SYMBOLS = NUM_CLASSES + NUM_NOISE_SYMBOLS;

export interface TaskData {
  /** (n, steps, SYMBOLS) one-hot: step 0 carries the class, steps 1 … steps − 1 noise symbols. */
  x: Tensor;
  /** The class of each sequence (0 … NUM_CLASSES − 1), n numbers. */
  labels: number[];
}

/**
 * n sequences of the task: for each, a class drawn uniformly from 0 … 3, one-hot at step 0, then a
 * noise symbol drawn uniformly from 4 … 7 at every later step. Every number from `generator`.
 */
export function rememberFirstData(n: number, steps: number, generator: Generator = defaultGenerator()): TaskData {
  // BEGIN SOLUTION
  const data = new Float64Array(n * steps * SYMBOLS);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = Math.floor(generator.random() * NUM_CLASSES);
    labels.push(label);
    for (let t = 0; t < steps; t++) {
      const symbol = t === 0 ? label : NUM_CLASSES + Math.floor(generator.random() * NUM_NOISE_SYMBOLS);
      data[(i * steps + t) * SYMBOLS + symbol] = 1;
    }
  }
  return { x: new Tensor(data, [n, steps, SYMBOLS]), labels };
  // STARTER
  // TODO(5단계): 시퀀스마다 정답 기호(0–3)를 하나 뽑아 시점 0에, 잡음 기호(4–7)를 나머지 시점마다 뽑아
  //   원-핫(one-hot)으로 채운 (n, steps, 8) 텐서와 정답 배열을 돌려주세요. 난수는 모두 generator.random()으로.
  //   힌트: README.md의 "힌트 4".
  //> return todo('rememberFirstData');
  // END SOLUTION
}

/**
 * Starts a gated layer in "keep" mode (lesson 11 §5): for the LSTM the forget gate's bias becomes
 * +strength and the input gate's −strength; for the GRU the update gate's bias becomes +strength.
 * "The bias" of a gate is bias_ih + bias_hh on its block; the other blocks and the weights stay as they are.
 */
export function keepMemoryAtStart(layer: nn.LSTM | nn.GRU, strength = 4): void {
  // BEGIN SOLUTION
  const H = layer.hiddenSize;
  const setBlock = (bias: Tensor, gate: number, value: number) => bias.data.fill(value / 2, gate * H, (gate + 1) * H);
  noGrad(() => {
    for (const bias of [layer.bias_ih_l0!, layer.bias_hh_l0!]) {
      if (layer instanceof nn.LSTM) {
        setBlock(bias, 0, -strength); // input gate i ≈ σ(−strength): write little
        setBlock(bias, 1, +strength); // forget gate f ≈ σ(strength): keep c
      } else {
        setBlock(bias, 1, +strength); // update gate z ≈ σ(strength): keep h
      }
    }
  });
  // STARTER
  // TODO(6단계): 게이트 블록 k는 편향의 [k·H, (k+1)·H) 구간입니다. LSTM(i, f, g, o)은 i를 −strength, f를 +strength로,
  //   GRU(r, z, n)는 z를 +strength로 (bias_ih와 bias_hh의 합이 그 값이 되도록) 바꾸세요. 나머지는 그대로.
  //   힌트: README.md의 "힌트 5".
  //> todo('keepMemoryAtStart');
  // END SOLUTION
}

export type Kind = 'RNN' | 'LSTM' | 'GRU';

export interface ClassifierOptions {
  /** Apply keepMemoryAtStart to a gated layer (default true); false keeps PyTorch's default init. */
  keepMemory?: boolean;
  /** The strength given to keepMemoryAtStart (default 4). */
  strength?: number;
}

/** A recurrent layer of the given kind (batchFirst) reads the sequence; a Linear layer classifies its last hidden state. */
export class LastStateClassifier extends nn.Module {
  readonly kind: Kind;
  // BEGIN SOLUTION
  recurrent: nn.RNN | nn.LSTM | nn.GRU;
  fc: nn.Linear;
  // STARTER
  // The grader looks for these two names (keys recurrent.weight_ih_l0, …, fc.weight, fc.bias).
  //> recurrent!: nn.RNN | nn.LSTM | nn.GRU;
  //> fc!: nn.Linear;
  // END SOLUTION

  constructor(kind: Kind, inputSize: number, hiddenSize: number, numClasses: number, { keepMemory = true, strength = 4 }: ClassifierOptions = {}) {
    super();
    this.kind = kind;
    // BEGIN SOLUTION
    const options = { batchFirst: true };
    this.recurrent =
      kind === 'LSTM' ? new nn.LSTM(inputSize, hiddenSize, options)
      : kind === 'GRU' ? new nn.GRU(inputSize, hiddenSize, options)
      : new nn.RNN(inputSize, hiddenSize, options);
    if (keepMemory && !(this.recurrent instanceof nn.RNN)) keepMemoryAtStart(this.recurrent, strength);
    this.fc = new nn.Linear(hiddenSize, numClasses);
    // STARTER
    // TODO(7단계): kind에 따라 batchFirst인 nn.RNN / nn.LSTM / nn.GRU를 this.recurrent에, nn.Linear(hiddenSize, numClasses)를
    //   this.fc에 두세요. keepMemory이면 게이트가 있는 층에 keepMemoryAtStart(…, strength)를. 힌트: README.md의 "힌트 6".
    //> todo('LastStateClassifier constructor');
    // END SOLUTION
  }

  /** x (N, T, inputSize) → logits (N, numClasses) from the last hidden state. */
  forward(x: Tensor): Tensor {
    // BEGIN SOLUTION
    // LSTM returns [output, [h_n, c_n]]; RNN and GRU return [output, h_n].
    const hN = this.recurrent instanceof nn.LSTM ? this.recurrent.forward(x)[1][0] : this.recurrent.forward(x)[1];
    return this.fc.forward(hN.select(0, -1));
    // STARTER
    // TODO(7단계): 순환 층의 h_n(LSTM이면 [h_n, c_n]의 h_n)에서 마지막 층의 행을 fc에 넣으세요. 힌트: README.md의 "힌트 6".
    //> return todo('LastStateClassifier.forward');
    // END SOLUTION
  }
}

export interface TaskOptions {
  /** Sequence length (default 60). */
  steps?: number;
  /** Adam updates (default 150). */
  iterations?: number;
  /** Sequences per update (default 16). */
  batchSize?: number;
  /** Hidden size of the recurrent layer (default 16). */
  hiddenSize?: number;
  /** Adam's learning rate (default 0.02). */
  lr?: number;
  /** Passed to LastStateClassifier (defaults true and 4). */
  keepMemory?: boolean;
  strength?: number;
  /** Decides every random number of the run: the model's initial weights and the training data (default 0). */
  seed?: number;
  /** Called after every update with its number (from 1) and its loss. */
  onIteration?: (iteration: number, loss: number) => void;
}

export interface TaskRun {
  model: LastStateClassifier;
  /** The training loss of every update, in order. */
  losses: number[];
}

/**
 * Trains a LastStateClassifier of the given kind on fresh batches of rememberFirstData with
 * cross-entropy and Adam; the same seed gives the same run.
 */
export function trainOnTask(kind: Kind, options: TaskOptions = {}): TaskRun {
  // BEGIN SOLUTION
  const { steps = 60, iterations = 150, batchSize = 16, hiddenSize = 16, lr = 0.02, keepMemory = true, strength = 4, seed = 0, onIteration } = options;
  manualSeed(seed);
  const model = new LastStateClassifier(kind, SYMBOLS, hiddenSize, NUM_CLASSES, { keepMemory, strength });
  const optimizer = new optim.Adam(model.parameters(), { lr });
  const criterion = new nn.CrossEntropyLoss();
  const data = new Generator(seed);
  const losses: number[] = [];
  model.train();
  for (let iteration = 1; iteration <= iterations; iteration++) {
    const { x, labels } = rememberFirstData(batchSize, steps, data);
    const loss = criterion.forward(model.forward(x), tensor(labels));
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
    onIteration?.(iteration, loss.item());
  }
  model.eval();
  return { model, losses };
  // STARTER
  // TODO(8단계): seed로 모든 난수를 정하고(manualSeed(seed) 뒤에 모델, 데이터는 new Generator(seed)에서),
  //   iterations번: 새 배치(rememberFirstData) → 교차 엔트로피 → zeroGrad → backward → step.
  //   갱신마다의 손실을 모아 { model, losses }로 돌려주고 onIteration?.(번호, 손실)을 부르세요. 힌트: README.md의 "힌트 7".
  //> return todo('trainOnTask');
  // END SOLUTION
}

/** The share of sequences whose largest logit is their label (given). */
export function testAccuracy(model: LastStateClassifier, data: TaskData): number {
  const predicted = noGrad(() => model.forward(data.x).argmax(1));
  let correct = 0;
  data.labels.forEach((label, i) => (correct += predicted.get(i) === label ? 1 : 0));
  return correct / data.labels.length;
}
