// Lesson 11: LSTM and GRU. Their gates written out by hand against the library, their parameter
// counts, and the three recurrent layers side by side on a task that needs a long memory.
import { Generator, Tensor, manualSeed, nn, noGrad, optim, randn, tensor } from '../../lib/index.ts';
import { Transcript, type DemoOption } from '../transcript.ts';

/** `npm run lesson -- 11 --sequence-length 30 --iterations 300 --strength 1` */
export const options: DemoOption[] = [
  { flag: '--sequence-length <n>', key: 'sequenceLength', description: 'length of the remember-the-first-symbol sequences (default 60)' },
  { flag: '--iterations <n>', key: 'iterations', description: 'Adam updates per model (default 150)' },
  { flag: '--strength <b>', key: 'strength', description: 'gate bias of keepMemoryAtStart (default 4; 0 = gates start at 0.5)' },
];

function maxAbsDiff(a: Tensor, b: Tensor): number {
  return a.sub(b).abs().max().item();
}

/** Rows [k·H, (k+1)·H) of a stacked gate matrix or bias: one gate's block. */
function chunk(stacked: Tensor, k: number, hiddenSize: number): Tensor {
  return stacked.narrow(0, k * hiddenSize, hiddenSize);
}

// #region lstm-step
/** One LSTM step written out (gate order i, f, g, o, as PyTorch stacks them). */
function lstmStep(lstm: nn.LSTM, x: Tensor, h: Tensor, c: Tensor): [Tensor, Tensor] {
  const H = lstm.hiddenSize;
  const pre = (k: number) =>
    x.matmul(chunk(lstm.weight_ih_l0, k, H).T).add(chunk(lstm.bias_ih_l0!, k, H))
      .add(h.matmul(chunk(lstm.weight_hh_l0, k, H).T)).add(chunk(lstm.bias_hh_l0!, k, H));
  const i = pre(0).sigmoid(); // input gate: how much of the new candidate to write
  const f = pre(1).sigmoid(); // forget gate: how much of the old cell to keep
  const g = pre(2).tanh(); // candidate values
  const o = pre(3).sigmoid(); // output gate: how much of the cell to show
  const cNext = f.mul(c).add(i.mul(g)); // c_t = f ⊙ c_{t−1} + i ⊙ g
  const hNext = o.mul(cNext.tanh()); // h_t = o ⊙ tanh(c_t)
  return [hNext, cNext];
}
// #endregion

// #region gru-step
/** One GRU step written out (gate order r, z, n). */
function gruStep(gru: nn.GRU, x: Tensor, h: Tensor): Tensor {
  const H = gru.hiddenSize;
  const fromInput = (k: number) => x.matmul(chunk(gru.weight_ih_l0, k, H).T).add(chunk(gru.bias_ih_l0!, k, H));
  const fromHidden = (k: number) => h.matmul(chunk(gru.weight_hh_l0, k, H).T).add(chunk(gru.bias_hh_l0!, k, H));
  const r = fromInput(0).add(fromHidden(0)).sigmoid(); // reset gate
  const z = fromInput(1).add(fromHidden(1)).sigmoid(); // update gate
  const n = fromInput(2).add(r.mul(fromHidden(2))).tanh(); // candidate; r scales (W_hn h + b_hn)
  return z.neg().add(1).mul(n).add(z.mul(h)); // h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
}
// #endregion

// ---------------------------------------------------------------------------------------------
// The long-dependency task: the class is the first symbol; then come T − 1 symbols of noise.
// ---------------------------------------------------------------------------------------------
export const NUM_CLASSES = 4;
const NUM_NOISE_SYMBOLS = 4;
const SYMBOLS = NUM_CLASSES + NUM_NOISE_SYMBOLS; // one-hot width

/** x (n, T, 8) one-hot: step 0 carries the class (0–3), steps 1 … T−1 noise symbols (4–7). */
export function rememberFirstData(n: number, steps: number, generator: Generator): { x: Tensor; labels: number[] } {
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
}

type Kind = 'RNN' | 'LSTM' | 'GRU';

// #region keep-memory-init
/**
 * Start a gated layer in "keep" mode: the gates that protect the state begin almost fully open
 * (σ(4) ≈ 0.98), the gate that writes new input almost closed. bias_ih and bias_hh are added, so
 * each gets half. PyTorch's default (every bias near 0) starts every gate at σ(0) = 0.5.
 */
export function keepMemoryAtStart(layer: nn.LSTM | nn.GRU, strength = 4): void {
  const H = layer.hiddenSize;
  const setBlock = (bias: Tensor, gate: number, value: number) => bias.data.fill(value / 2, gate * H, (gate + 1) * H);
  noGrad(() => {
    for (const bias of [layer.bias_ih_l0!, layer.bias_hh_l0!]) {
      if (layer instanceof nn.LSTM) {
        setBlock(bias, 0, -strength); // input gate i ≈ 0.02: write little
        setBlock(bias, 1, +strength); // forget gate f ≈ 0.98: keep c
      } else {
        setBlock(bias, 1, +strength); // update gate z ≈ 0.98: keep h
      }
    }
  });
}
// #endregion

// #region classifier
class LastStateClassifier extends nn.Module {
  readonly kind: Kind;
  recurrent: nn.RNN | nn.LSTM | nn.GRU;
  fc: nn.Linear;

  constructor(kind: Kind, inputSize: number, hiddenSize: number, numClasses: number, { keepMemory = true, strength = 4 } = {}) {
    super();
    this.kind = kind;
    const options = { batchFirst: true };
    this.recurrent =
      kind === 'LSTM' ? new nn.LSTM(inputSize, hiddenSize, options)
      : kind === 'GRU' ? new nn.GRU(inputSize, hiddenSize, options)
      : new nn.RNN(inputSize, hiddenSize, options);
    if (keepMemory && !(this.recurrent instanceof nn.RNN)) keepMemoryAtStart(this.recurrent, strength); // a plain RNN has no gate
    this.fc = new nn.Linear(hiddenSize, numClasses);
  }

  forward(x: Tensor): Tensor {
    // LSTM returns [output, [h_n, c_n]]; RNN and GRU return [output, h_n].
    const hN = this.recurrent instanceof nn.LSTM ? this.recurrent.forward(x)[1][0] : this.recurrent.forward(x)[1];
    return this.fc.forward(hN.select(0, -1)); // (batch, numClasses)
  }
}
// #endregion

export interface TaskRun {
  kind: Kind;
  /** false: the gated layer kept PyTorch's default init (every bias near 0). */
  keepMemory: boolean;
  parameterCount: number;
  losses: number[];
  testAccuracy: number;
}

function trainOnTask(kind: Kind, steps: number, seed: number, iterations: number, keepMemory = true, strength = 4): TaskRun {
  manualSeed(seed);
  const model = new LastStateClassifier(kind, SYMBOLS, 16, NUM_CLASSES, { keepMemory, strength });
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.02 });
  const criterion = new nn.CrossEntropyLoss();
  const data = new Generator(seed * 7919 + 1);
  const losses: number[] = [];
  for (let it = 0; it < iterations; it++) {
    const { x, labels } = rememberFirstData(16, steps, data);
    const loss = criterion.forward(model.forward(x), tensor(labels));
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  const test = rememberFirstData(256, steps, data);
  const predicted = noGrad(() => model.forward(test.x).argmax(1));
  let correct = 0;
  test.labels.forEach((label, i) => (correct += predicted.get(i) === label ? 1 : 0));
  const parameterCount = model.recurrent.parameters().reduce((s, p) => s + p.numel(), 0);
  return { kind, keepMemory, parameterCount, losses, testAccuracy: correct / test.labels.length };
}

export interface LstmGruResult {
  parameterShapes: Record<Kind, Record<string, number[]>>;
  /** Parameters of the recurrent layer alone for input 8, hidden 16 (RNN : GRU : LSTM = 1 : 3 : 4). */
  parameterCounts: Record<Kind, number>;
  /** Hand-written step vs the library (should be ~1e-16). */
  lstmStepGap: { h: number; c: number };
  gruStepGap: number;
  sequenceLength: number;
  /** RNN, LSTM and GRU; the gated ones started with keepMemoryAtStart. */
  runs: TaskRun[];
  /** The same LSTM left at PyTorch's default init, for comparison. */
  defaultInitLstm: TaskRun;
  /** What the demo printed, by name: the numbers lessons/11-…/README.md quotes. */
  transcript: Transcript;
}

export async function main(
  {
    quiet = false,
    seed = 11,
    sequenceLength = 60,
    iterations = 150,
    strength = 4,
  }: { quiet?: boolean; seed?: number; sequenceLength?: number; iterations?: number; strength?: number } = {},
): Promise<LstmGruResult> {
  const transcript = new Transcript(quiet);
  const { log } = transcript;
  const v = (name: string, text: string | number) => transcript.value(name, text);
  manualSeed(seed);

  // 1. Parameter shapes (input 4, hidden 8): G·H rows per matrix, G = 1, 3, 4.
  const parameterShapes = {} as Record<Kind, Record<string, number[]>>;
  for (const [kind, layer] of [['RNN', new nn.RNN(4, 8)], ['GRU', new nn.GRU(4, 8)], ['LSTM', new nn.LSTM(4, 8)]] as const) {
    parameterShapes[kind] = Object.fromEntries(layer.namedParameters().map(([name, p]) => [name, p.shape]));
  }
  transcript.block('shapes');
  log('\n1) 파라미터 모양 (input 4, hidden 8): 게이트 수 G만큼 행이 쌓인다');
  for (const kind of ['RNN', 'GRU', 'LSTM'] as const) {
    log(`   ${kind.padEnd(4)} ${Object.entries(parameterShapes[kind]).map(([n, s]) => `${n} [${s.join(', ')}]`).join(', ')}`);
  }

  // 2. One step by hand equals the library's step.
  const lstm = new nn.LSTM(4, 8);
  const gru = new nn.GRU(4, 8);
  const x = randn([2, 4]);
  const h = randn([2, 8]);
  const c = randn([2, 8]);
  const [hByHand, cByHand] = lstmStep(lstm, x, h, c);
  const [, [hLib, cLib]] = lstm.forward(x.unsqueeze(0), [h.unsqueeze(0), c.unsqueeze(0)]);
  const lstmStepGap = { h: maxAbsDiff(hByHand, hLib.select(0, 0)), c: maxAbsDiff(cByHand, cLib.select(0, 0)) };
  const gruStepGap = maxAbsDiff(gruStep(gru, x, h), gru.forward(x.unsqueeze(0), h.unsqueeze(0))[1].select(0, 0));
  v('step-gap', Math.max(lstmStepGap.h, lstmStepGap.c, gruStepGap).toExponential(0));
  log('\n2) 한 스텝을 손으로 계산한 값 vs 라이브러리');
  log(`   LSTM: h 차이 ${lstmStepGap.h.toExponential(1)}, c 차이 ${lstmStepGap.c.toExponential(1)}   GRU: h 차이 ${gruStepGap.toExponential(1)}`);

  transcript.endBlock();

  // 3. The long-dependency task.
  transcript.block('task');
  log(`\n3) "첫 기호 기억하기": 길이 ${sequenceLength}, 첫 기호(4가지)가 정답, 나머지 ${sequenceLength - 1}개는 잡음. 찍으면 25%.`);
  log(`   hidden 16, Adam lr 0.02, 배치 16 × ${iterations}번 갱신, LSTM/GRU는 keepMemoryAtStart로 게이트 편향을 정한 뒤 시작`);
  const runs = (['RNN', 'LSTM', 'GRU'] as const).map((kind) => trainOnTask(kind, sequenceLength, seed, iterations, true, strength));
  const defaultInitLstm = trainOnTask('LSTM', sequenceLength, seed, iterations, false);
  const parameterCounts = Object.fromEntries(runs.map((r) => [r.kind, r.parameterCount])) as Record<Kind, number>;
  const rows: string[][] = [];
  for (const run of [...runs, defaultInitLstm]) {
    const last = run.losses.slice(-10).reduce((s, value) => s + value, 0) / 10;
    const name = run.keepMemory || run.kind === 'RNN' ? run.kind : 'LSTM, PyTorch 기본 초기화';
    log(`   파라미터 ${String(run.parameterCount).padStart(4)}개 | 마지막 loss ${last.toFixed(3)} | test 정확도 ${(run.testAccuracy * 100).toFixed(1).padStart(5)}% | ${name}`);
    const label = run.kind === 'RNN' ? '단순 RNN' : run.keepMemory ? `${run.kind} (\`keepMemoryAtStart\`)` : `${run.kind} (PyTorch 기본 초기화)`;
    const accuracy = `${(run.testAccuracy * 100).toFixed(1)}%`;
    rows.push([label, String(run.parameterCount), last.toFixed(3), run.testAccuracy >= 0.95 ? `**${accuracy}**` : accuracy]);
  }
  transcript.endBlock();
  transcript.table('results', ['모델', '순환 층 파라미터', '마지막 손실 (마지막 10번 평균)', '시험 정확도'], rows);
  v('seed', seed);
  v('rnn-accuracy', `${(runs[0].testAccuracy * 100).toFixed(1)}%`);
  v('default-lstm-accuracy', `${(defaultInitLstm.testAccuracy * 100).toFixed(1)}%`);
  return { parameterShapes, parameterCounts, lstmStepGap, gruStepGap, sequenceLength, runs, defaultInitLstm, transcript };
}
