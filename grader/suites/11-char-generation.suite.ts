// Graded suite of exercise 11 (character generation): softmax with a temperature against the
// library's softmax (large logits and temperatures near 0 included), inverse-CDF sampling with u
// exactly on the boundaries, sampleNext and generate reproducing the judge's draws from the same
// seeded Generator (one generator.random() per sampled character, none when greedy), a chi-square
// test on many draws, greedy decoding against argmax decoding, and entropy in nats against the temperature.
//
// Judge/probe split: the judge draws logits, probabilities, uniform numbers, model weights and
// generator seeds, and computes every expected value here (the library's softmax, its Embedding, RNN
// and Linear with the same weights, its Generator with the same seed). The probes only call the
// learner's functions on that data (a CharLM of the exercise's model.ts loaded with the judge's
// weights) and send back plain data: indices, texts, numbers, and the generator's next draw.
import { Generator, Tensor, nn, noGrad, tensor, zeros } from '../../lib/index.ts';
import { check, expectChoice, expectClose, expectEqual, expectTrue, expectValueAnswer, fail, group, type Rng, type SandboxContext } from '../kit/index.ts';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz '; // the exercise's 27 characters (copied: never the submission's)
const LESSON = 'lessons/12-one-to-many-generation';
/** Probabilities are compared at 1e-12 (they are at most 1); entropies at 1e-9. */
const PROB_TOL = { atol: 1e-12, rtol: 0 };
const ENTROPY_TOL = { atol: 1e-9, rtol: 0 };
/** The chi-square check: N draws over K categories; 50 with K − 1 = 5 degrees of freedom has p ≈ 1.4e-9. */
const CHI_DRAWS = 20_000;
const CHI_CATEGORIES = 6;
const CHI_THRESHOLD = 50;

// ---------------------------------------------------------------- the judge's references

/** softmax(z / T) by the library (stable: shifted by the max). */
function referenceSoftmax(logits: number[], temperature: number): number[] {
  return tensor(logits).div(temperature).softmax(0).toArray() as number[];
}

/** The smallest k with u < p_0 + … + p_k; the last index when u is at or above the total. */
function referenceIndex(probs: number[], u: number): number {
  let cumulative = 0;
  for (let k = 0; k < probs.length; k++) {
    cumulative += probs[k];
    if (u < cumulative) return k;
  }
  return probs.length - 1;
}

/** The first index of the largest logit. */
function referenceGreedy(logits: number[]): number {
  let best = 0;
  for (let k = 1; k < logits.length; k++) if (logits[k] > logits[best]) best = k;
  return best;
}

/** The README's rule for one character: greedy at T = 0 (no draw), else one draw walked along softmax(z / T). */
function referenceNext(logits: number[], temperature: number, generator: Generator): number {
  if (temperature === 0) return referenceGreedy(logits);
  return referenceIndex(referenceSoftmax(logits, temperature), generator.random());
}

/** −Σ p ln p over the positive p. */
function referenceEntropy(probs: number[]): number {
  let h = 0;
  for (const p of probs) if (p > 0) h -= p * Math.log(p);
  return h;
}

/** A CharLM as data: sizes and a state dict with PyTorch's keys. */
interface ModelSpec {
  embedSize: number;
  hiddenSize: number;
  state: Record<string, number[] | number[][]>;
}

function randomModel(rng: Rng, embedSize: number, hiddenSize: number): ModelSpec {
  const V = ALPHABET.length;
  const state: Record<string, number[] | number[][]> = {
    'embedding.weight': rng.array([V, embedSize], -1, 1) as number[][],
    'rnn.weight_ih_l0': rng.array([hiddenSize, embedSize], -0.8, 0.8) as number[][],
    'rnn.weight_hh_l0': rng.array([hiddenSize, hiddenSize], -0.5, 0.5) as number[][],
    'rnn.bias_ih_l0': rng.array([hiddenSize], -0.3, 0.3) as number[],
    'rnn.bias_hh_l0': rng.array([hiddenSize], -0.3, 0.3) as number[],
    // scores a few units apart: distributions with a clear favourite and real alternatives
    'fc.weight': rng.array([V, hiddenSize], -1.2, 1.2) as number[][],
    'fc.bias': rng.array([V], -1, 1) as number[],
  };
  return { embedSize, hiddenSize, state };
}

/** The judge's generation: the library's layers with the same weights, one character at a time, the state carried. */
function referenceGenerate(spec: ModelSpec, start: string, length: number, temperature: number, seed: number): { text: string; nextDraw: number } {
  const embedding = new nn.Embedding(ALPHABET.length, spec.embedSize);
  const rnn = new nn.RNN(spec.embedSize, spec.hiddenSize, { batchFirst: true });
  const fc = new nn.Linear(spec.hiddenSize, ALPHABET.length);
  const pick = (prefix: string) => Object.fromEntries(Object.entries(spec.state).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  embedding.loadStateDict(pick('embedding.'));
  rnn.loadStateDict(pick('rnn.'));
  fc.loadStateDict(pick('fc.'));
  const generator = new Generator(seed);
  return noGrad(() => {
    let h: Tensor | undefined;
    let logits: number[] = [];
    const read = (index: number) => {
      const [output, hN] = rnn.forward(embedding.forward(tensor([[index]])), h);
      h = hN;
      logits = fc.forward(output).select(0, 0).select(0, 0).toArray() as number[];
    };
    for (const ch of start) read(ALPHABET.indexOf(ch));
    let text = start;
    for (let i = 0; i < length; i++) {
      const next = referenceNext(logits, temperature, generator);
      text += ALPHABET[next];
      read(next);
    }
    return { text, nextDraw: generator.random() };
  });
}

/** A random start text of 1–4 characters. */
function randomStart(rng: Rng): string {
  return Array.from({ length: rng.int(1, 5) }, () => rng.choice([...ALPHABET])).join('');
}

// ---------------------------------------------------------------- probes

/** Probe: softmaxWithTemperature on each [logits, T]. */
const softmaxAll = async ({ load }: SandboxContext, cases: [number[], number][]) => {
  const { softmaxWithTemperature } = await load('sampling.ts');
  return cases.map(([logits, temperature]) => softmaxWithTemperature(logits, temperature));
};

/** Probe: sampleIndex on each [probs, u]. */
const sampleIndexAll = async ({ load }: SandboxContext, cases: [number[], number][]) => {
  const { sampleIndex } = await load('sampling.ts');
  return cases.map(([probs, u]) => sampleIndex(probs, u));
};

/** Probe: sampleNext on each [logits, T] in turn with ONE generator of the given seed, then the generator's next draw. */
const sampleNextAll = async ({ load, lib }: SandboxContext, input: { seed: number; cases: [number[], number][] }) => {
  const { sampleNext } = await load('sampling.ts');
  const generator = new lib.Generator(input.seed);
  const indices = input.cases.map(([logits, temperature]) => sampleNext(logits, temperature, generator));
  return { indices, nextDraw: generator.random() };
};

/** Probe: a CharLM of model.ts with the judge's weights; generate for each call with a fresh Generator(seed), then that generator's next draw. */
const generateAll = async ({ load, lib }: SandboxContext, input: { model: ModelSpec; calls: { start: string; length: number; temperature: number; seed: number }[] }) => {
  const { CharLM } = await load('model.ts');
  const { generate } = await load('generate.ts');
  const model = new CharLM(27, input.model.embedSize, input.model.hiddenSize);
  model.loadStateDict(input.model.state);
  return input.calls.map((call) => {
    const generator = new lib.Generator(call.seed);
    const text = generate(model, call.start, call.length, call.temperature, generator);
    return { text: typeof text === 'string' ? text : { notAString: text === null ? 'null' : Array.isArray(text) ? 'an array' : typeof text }, nextDraw: generator.random() };
  });
};

/** The texts of a generateAll result, or a failure saying what came back instead. */
function texts(got: unknown, count: number): { text: string; nextDraw: number }[] {
  expectTrue(Array.isArray(got) && got.length === count, 'generate did not give one result per call');
  for (const result of got as { text: unknown }[]) {
    if (typeof result.text !== 'string') fail(`generate should return a string, got ${(result.text as { notAString?: string })?.notAString ?? 'something else'}`);
  }
  return got as { text: string; nextDraw: number }[];
}

// ---------------------------------------------------------------- checks

const SOFTMAX_HINT = [
  `p_k = exp(z_k / T) / Σ_j exp(z_j / T): the logits are DIVIDED by T, so a small T sharpens the distribution and a large T flattens it (see ${LESSON} §4)`,
  'every p_k is unchanged when the same number is subtracted from all z_j / T; subtract the largest so that the largest exponent is exp(0) = 1 and nothing overflows',
  'scaled = logits.map((z) => z / T); max = Math.max(...scaled); weights = scaled.map((s) => Math.exp(s - max)); divide each weight by their sum',
];

group('softmaxWithTemperature', {}, () => {
  check('equals softmax(z / T) for z = [1, 2, 3, 0.5] at T = 1, 0.5 and 2 (1e-12)', { points: 1, hint: SOFTMAX_HINT }, async ({ run }) => {
    const logits = [1, 2, 3, 0.5];
    const temperatures = [1, 0.5, 2];
    const got = await run(softmaxAll, temperatures.map((t) => [logits, t] as [number[], number]));
    expectTrue(Array.isArray(got) && got.length === temperatures.length, 'softmaxWithTemperature did not give one result per call');
    temperatures.forEach((t, i) => expectClose(got[i], referenceSoftmax(logits, t), { ...PROB_TOL, name: `softmaxWithTemperature([1, 2, 3, 0.5], ${t})` }));
  });

  check('random logits and temperatures (1e-12)', { points: 2, visibility: 'hidden', hint: SOFTMAX_HINT }, async ({ rng, run }) => {
    const cases: [number[], number][] = Array.from({ length: 8 }, () => [rng.array([rng.int(2, 28)], -4, 4) as number[], rng.uniform(0.1, 5)]);
    const got = await run(softmaxAll, cases);
    expectTrue(Array.isArray(got) && got.length === cases.length, 'softmaxWithTemperature did not give one result per call');
    cases.forEach(([logits, t], i) => expectClose(got[i], referenceSoftmax(logits, t), { ...PROB_TOL, name: `softmaxWithTemperature (case ${i + 1})` }));
  });

  check('large logits and small temperatures: finite and exact, no overflow (1e-12)', {
    points: 2,
    visibility: 'hidden',
    hint: [
      `exp overflows to Infinity above about 709, and Infinity / Infinity is NaN; exp of a very negative number underflows to 0, and 0 / 0 is NaN (see ${LESSON} §4)`,
      'softmax does not change when one number is subtracted from every z_j / T: subtract the largest z_j / T before exp',
    ],
  }, async ({ rng, run }) => {
    const cases: [number[], number][] = [];
    for (const t of [1, 0.1, 0.01, 1e-3]) cases.push([rng.array([rng.int(3, 10)], 500, 1500) as number[], t]); // z / T up to 1.5e6
    cases.push([rng.array([rng.int(3, 10)], -1500, -500) as number[], rng.uniform(0.5, 2)]); // every exp underflows without the shift
    cases.push([rng.array([rng.int(3, 10)], -3, 3) as number[], rng.uniform(1e-4, 1e-3)]); // T near 0
    const got = await run(softmaxAll, cases);
    expectTrue(Array.isArray(got) && got.length === cases.length, 'softmaxWithTemperature did not give one result per call');
    cases.forEach(([logits, t], i) => expectClose(got[i], referenceSoftmax(logits, t), { ...PROB_TOL, name: `softmaxWithTemperature (case ${i + 1})` }));
  });

  check('as T → 0 all the mass goes to the largest logit; two equal largest share it', {
    points: 1,
    hint: [
      `dividing by a tiny T multiplies every gap between logits by 1/T: the largest wins everything, which is greedy decoding (see ${LESSON} §4, the table)`,
      'at T = 0.001 a gap of 0.1 becomes 100 and exp(−100) ≈ 4e−44; keep the computation finite by subtracting the largest z / T',
    ],
  }, async ({ run }) => {
    const cases: [number[], number][] = [[[0.3, 2, -1, 1.9], 1e-3], [[1, 3, 3, 0], 1e-4], [[-2, -2.5, -7], 1e-3]];
    const got = await run(softmaxAll, cases);
    expectTrue(Array.isArray(got) && got.length === cases.length, 'softmaxWithTemperature did not give one result per call');
    cases.forEach(([logits, t], i) => expectClose(got[i], referenceSoftmax(logits, t), { ...PROB_TOL, name: `softmaxWithTemperature(${JSON.stringify(logits)}, ${t})` }));
  });
});

const SAMPLE_INDEX_HINT = [
  `lay the probabilities end to end on [0, 1): character k owns [p_0 + … + p_(k−1), p_0 + … + p_k), and u picks the piece it falls in (see ${LESSON} §4)`,
  'the pieces are half-open: u exactly at p_0 + … + p_k belongs to character k + 1, and a character with probability 0 owns an empty piece and is never picked',
  'cumulative += probs[k]; if (u < cumulative) return k; — strictly <, and after the loop return probs.length − 1',
];

group('sampleIndex (inverse CDF)', {}, () => {
  check('picks the first k with u < p_0 + … + p_k, also when u lands exactly on a boundary', { points: 1, hint: SAMPLE_INDEX_HINT }, async ({ run }) => {
    const probs = [0.125, 0.375, 0.25, 0.25];
    const us = [0, 0.1, 0.125, 0.3, 0.5, 0.74, 0.75, 0.99];
    const zeros = [0, 0.5, 0, 0.5];
    const cases: [number[], number][] = [...us.map((u) => [probs, u] as [number[], number]), [zeros, 0], [zeros, 0.25], [zeros, 0.5]];
    const got = await run(sampleIndexAll, cases);
    expectEqual(got, cases.map(([p, u]) => referenceIndex(p, u)), `sampleIndex([0.125, 0.375, 0.25, 0.25], u) for u = ${us.join(', ')}, then sampleIndex([0, 0.5, 0, 0.5], u) for u = 0, 0.25, 0.5`);
  });

  check('random distributions and draws, boundaries and zero probabilities included', { points: 1, visibility: 'hidden', hint: SAMPLE_INDEX_HINT }, async ({ rng, run }) => {
    const cases: [number[], number][] = [];
    for (let trial = 0; trial < 4; trial++) {
      // Dyadic probabilities (multiples of 1/64, some 0) add up exactly, so u can sit on a boundary.
      const K = rng.int(3, 9);
      const units = Array.from({ length: K }, () => 0);
      for (let i = 0; i < 64; i++) units[rng.int(0, K)]++;
      for (let k = 0; k < K; k++) if (rng.next() < 0.25) { units[(k + 1) % K] += units[k]; units[k] = 0; }
      const probs = units.map((n) => n / 64);
      let cumulative = 0;
      for (const p of probs) {
        cases.push([probs, cumulative]); // exactly on a boundary
        cumulative += p;
      }
      for (let i = 0; i < 4; i++) cases.push([probs, rng.next()]);
    }
    for (let trial = 0; trial < 4; trial++) {
      const probs = referenceSoftmax(rng.array([rng.int(2, 28)], -3, 3) as number[], 1);
      for (let i = 0; i < 6; i++) cases.push([probs, rng.next()]);
    }
    // Rounding can leave the total a hair under 1: u at or above it gives the last index.
    const short = [0.25, 0.25, 0.25];
    cases.push([short, 0.75], [short, rng.uniform(0.75, 1)]);
    const got = await run(sampleIndexAll, cases);
    expectEqual(got, cases.map(([p, u]) => referenceIndex(p, u)), 'sampleIndex on random distributions');
  });
});

group('sampleNext', {}, () => {
  check('temperature 0 is greedy: the first largest logit, and nothing drawn from the generator', {
    points: 1,
    hint: [
      `greedy decoding takes the most likely character and needs no randomness at all; the README fixes the draws: none at T = 0 (see ${LESSON} §4)`,
      'greedyIndex keeps the first index when several logits are equal (like argmax); at T = 0, sampleNext returns greedyIndex(logits) before touching the generator',
    ],
  }, async ({ run }) => {
    const cases: [number[], number][] = [[[0.5, 2, -1, 1.9], 0], [[1, 3, 3, 0], 0], [[-4, -1, -1, -2], 0], [[7], 0]];
    const got = await run(async ({ load, lib }: SandboxContext, input: { cases: [number[], number][]; seed: number }) => {
      const { greedyIndex, sampleNext } = await load('sampling.ts');
      const generator = new lib.Generator(input.seed);
      const greedy = input.cases.map(([logits]) => greedyIndex(logits));
      const sampled = input.cases.map(([logits, temperature]) => sampleNext(logits, temperature, generator));
      return { greedy, sampled, nextDraw: generator.random() };
    }, { cases, seed: 5 });
    const expected = cases.map(([logits]) => referenceGreedy(logits));
    expectEqual(got?.greedy, expected, 'greedyIndex on [0.5, 2, -1, 1.9], [1, 3, 3, 0], [-4, -1, -1, -2], [7]');
    expectEqual(got?.sampled, expected, 'sampleNext(logits, 0, generator) on the same logits');
    expectTrue(got?.nextDraw === new Generator(5).random(), 'sampleNext at temperature 0 drew from the generator: greedy decoding must leave it untouched');
  });

  check("reproduces the judge's choices from the same generator seed: one generator.random() per sampled character", {
    points: 2,
    visibility: 'hidden',
    hint: [
      `with the same seed a Generator gives the same uniform numbers; the README fixes how they are used: exactly one draw per character at T > 0, none at T = 0 (see ${LESSON} §4)`,
      'draw u = generator.random() once, then walk it along softmaxWithTemperature(logits, T) with sampleIndex; draw nothing else and never use Math.random',
    ],
  }, async ({ rng, run }) => {
    const seed = rng.int(0, 1e9);
    const cases: [number[], number][] = Array.from({ length: 40 }, () => {
      const logits = rng.array([rng.int(2, 28)], -3, 3) as number[];
      return [logits, rng.next() < 0.15 ? 0 : rng.uniform(0.2, 3)];
    });
    const got = await run(sampleNextAll, { seed, cases });
    const generator = new Generator(seed);
    const expected = cases.map(([logits, t]) => referenceNext(logits, t, generator));
    expectEqual(got?.indices, expected, 'the indices sampleNext chose');
    expectTrue(got?.nextDraw === generator.random(), 'after the calls the generator is not where one draw per sampled character (none when greedy) leaves it');
  });

  check('many draws follow softmax(z / T) (chi-square test)', {
    points: 1,
    visibility: 'hidden',
    hint: [
      `over many draws each character should come up about N · p_k times, with p = softmax(z / T) (see ${LESSON} §4)`,
      'if some character comes up far too often, check the direction of the temperature (z / T, not z · T) and which piece of [0, 1) each character owns',
    ],
  }, async ({ rng, run }) => {
    // Spread-out logits (a jitter around six fixed levels): the distribution is far from uniform at every T used.
    const logits = rng.shuffle([-1.5, -0.9, -0.3, 0.3, 0.9, 1.5]).map((z) => z + rng.uniform(-0.1, 0.1));
    const temperature = rng.choice([0.5, 0.6, 1.7, 2]);
    const seed = rng.int(0, 1e9);
    const got = await run(async ({ load, lib }: SandboxContext, input: { logits: number[]; temperature: number; seed: number; draws: number }) => {
      const { sampleNext } = await load('sampling.ts');
      const generator = new lib.Generator(input.seed);
      const counts = input.logits.map(() => 0);
      for (let i = 0; i < input.draws; i++) {
        const k = sampleNext(input.logits, input.temperature, generator);
        if (!(Number.isInteger(k) && k >= 0 && k < counts.length)) return { badIndex: typeof k === 'number' ? k : String(typeof k) };
        counts[k]++;
      }
      return { counts };
    }, { logits, temperature, seed, draws: CHI_DRAWS });
    if (got?.badIndex !== undefined) fail(`sampleNext returned ${got.badIndex}, not an index 0 … ${CHI_CATEGORIES - 1} of the logits`);
    const counts = got?.counts as number[];
    expectTrue(Array.isArray(counts) && counts.length === CHI_CATEGORIES, 'the draws could not be counted');
    const probs = referenceSoftmax(logits, temperature);
    let chiSquare = 0;
    probs.forEach((p, k) => { chiSquare += (counts[k] - CHI_DRAWS * p) ** 2 / (CHI_DRAWS * p); });
    expectTrue(chiSquare < CHI_THRESHOLD,
      `${CHI_DRAWS} draws of sampleNext do not follow softmax(z / T): chi-square ${chiSquare.toFixed(1)} with ${CHI_CATEGORIES - 1} degrees of freedom (a correct sampler stays below ${CHI_THRESHOLD} except about once in 10⁹)`);
  });
});

const GENERATE_HINT = [
  `one-to-many: read the start text once, then repeat — choose a character from the scores of the LAST step, append it, and feed that one character back in together with the hidden state (see ${LESSON} §3)`,
  'the state must be carried: each call model.forward(x, h) continues from h; calling it without h starts from zeros and forgets the text so far',
  'let [logits, h] = model.forward(tensor([encode(start)])); then per character: next = sampleNext(logits.select(0, 0).select(0, -1).toArray(), T, generator); [logits, h] = model.forward(tensor([[next]]), h)',
];

group('generate', {}, () => {
  check('greedy (T = 0) text equals argmax decoding with the state carried over', { points: 1, hint: GENERATE_HINT }, async ({ rng, run }) => {
    const model = randomModel(rng, 5, 10);
    const calls = [{ start: ' ', length: 30, temperature: 0, seed: 0 }, { start: 'the ', length: 30, temperature: 0, seed: 1 }];
    const got = texts(await run(generateAll, { model, calls }), calls.length);
    calls.forEach((call, i) => expectEqual(got[i].text, referenceGenerate(model, call.start, call.length, 0, call.seed).text, `generate(model, ${JSON.stringify(call.start)}, ${call.length}, 0, generator)`));
  });

  check("sampled text at T = 0.5, 1 and 2 equals the judge's text from the same generator seed", { points: 2, visibility: 'hidden', hint: GENERATE_HINT }, async ({ rng, run }) => {
    const model = randomModel(rng, rng.int(3, 9), rng.int(4, 13));
    const calls = [0.5, 1, 2, rng.uniform(0.3, 3)].map((temperature) => ({ start: randomStart(rng), length: 25, temperature, seed: rng.int(0, 1e9) }));
    const got = texts(await run(generateAll, { model, calls }), calls.length);
    calls.forEach((call, i) => expectEqual(got[i].text, referenceGenerate(model, call.start, call.length, call.temperature, call.seed).text, `generate(model, start, ${call.length}, T = ${call.temperature === 0.5 || call.temperature === 1 || call.temperature === 2 ? call.temperature : 'a random T'}, generator)`));
  });

  check('the text is start followed by `length` characters of the alphabet (length 0 gives start)', {
    points: 1,
    hint: [
      `generate returns the start text AND what follows it; every character it adds is one of the 27 of ALPHABET (see ${LESSON} §3)`,
      'decode the chosen indices with ALPHABET[index] and append them to start; with length 0 the loop does not run',
    ],
  }, async ({ rng, run }) => {
    const model = randomModel(rng, 4, 8);
    const calls = [{ start: 'a', length: 40, temperature: 1, seed: 3 }, { start: 'the ', length: 12, temperature: 3, seed: 4 }, { start: 'dog', length: 0, temperature: 1, seed: 5 }];
    const got = texts(await run(generateAll, { model, calls }), calls.length);
    calls.forEach((call, i) => {
      const text = got[i].text;
      expectTrue(text.startsWith(call.start), `generate(model, ${JSON.stringify(call.start)}, ${call.length}, …) does not start with the start text: got ${JSON.stringify(text.slice(0, 20))}`);
      expectEqual(text.length, call.start.length + call.length, `the length of generate(model, ${JSON.stringify(call.start)}, ${call.length}, …)`);
      const foreign = [...text].filter((ch) => !ALPHABET.includes(ch));
      expectTrue(foreign.length === 0, `generate returned characters outside a–z and the space: ${JSON.stringify(foreign.slice(0, 5).join(''))}`);
    });
  });

  check('deterministic per seed: the same seed gives the same text, exactly one draw per sampled character, none when greedy', {
    points: 1,
    visibility: 'hidden',
    hint: [
      `every random number must come from the generator passed in: then the seed alone decides the text (see ${LESSON} §4)`,
      'sampled: one generator.random() per generated character and nothing else; greedy (T = 0): no draw at all; never Math.random or the global generator',
    ],
  }, async ({ rng, run }) => {
    const model = randomModel(rng, rng.int(3, 8), rng.int(4, 12));
    const start = randomStart(rng);
    const length = rng.int(10, 30);
    const [seedA, seedB] = [rng.int(0, 1e9), rng.int(0, 1e9)];
    const calls = [
      { start, length, temperature: 1.5, seed: seedA },
      { start, length, temperature: 1.5, seed: seedA },
      { start, length, temperature: 1.5, seed: seedB },
      { start, length, temperature: 0, seed: seedA },
    ];
    const got = texts(await run(generateAll, { model, calls }), calls.length);
    expectTrue(got[0].text === got[1].text, 'two calls with a fresh Generator of the same seed gave different texts');
    const [referenceA, referenceB] = [referenceGenerate(model, start, length, 1.5, seedA), referenceGenerate(model, start, length, 1.5, seedB)];
    // Two seeds can give the same text by chance; only when the judge's texts differ must the submission's differ too.
    if (referenceA.text !== referenceB.text) expectTrue(got[0].text !== got[2].text, 'two different generator seeds gave the same 1.5-temperature text: the generator passed in is not what decides the draws');
    expectTrue(got[0].nextDraw === referenceA.nextDraw, `generate(…, length ${length}, T = 1.5, generator) did not draw exactly ${length} numbers from the generator`);
    expectTrue(got[3].nextDraw === new Generator(seedA).random(), 'greedy generate (T = 0) drew from the generator');
  });
});

const ENTROPY_HINT = [
  `entropy H(p) = −Σ_k p_k ln p_k measures how spread out a distribution is: 0 when one character is certain, ln K when K characters are equally likely; this course measures it in nats, with the natural logarithm (see ${LESSON} §4)`,
  'a term with p_k = 0 contributes 0 (the limit of p ln p), but 0 · Math.log(0) is 0 · (−Infinity) = NaN in JavaScript: skip those terms',
];

group('entropy', {}, () => {
  check('entropy in nats: uniform over 4 → ln 4, one-hot → 0, [0.5, 0.25, 0.25] → 1.5 ln 2', { points: 1, hint: ENTROPY_HINT }, async ({ run }) => {
    const cases = [[0.25, 0.25, 0.25, 0.25], [0, 1, 0], [0.5, 0.25, 0.25], [1]];
    const got = await run(async ({ load }: SandboxContext, distributions: number[][]) => {
      const { entropy } = await load('entropy.ts');
      return distributions.map((p) => entropy(p));
    }, cases);
    expectClose(got, cases.map(referenceEntropy), { ...ENTROPY_TOL, name: 'entropy of [0.25, 0.25, 0.25, 0.25], [0, 1, 0], [0.5, 0.25, 0.25], [1]' });
  });

  check('entropyCurve: the entropy of softmax(z / T) at each temperature, in the order given (1e-9), rising with T', {
    points: 2,
    visibility: 'hidden',
    hint: [...ENTROPY_HINT, 'entropyCurve(logits, temperatures) = temperatures.map((T) => entropy(softmaxWithTemperature(logits, T))), in the order of the temperatures given'],
  }, async ({ rng, run }) => {
    // T from 0.0045 up: some probabilities underflow to exactly 0 (0 · ln 0 must count as 0), while |z| / T stays
    // below 709, so this check is about the entropy, not about the overflow the softmax checks catch.
    const cases = Array.from({ length: 3 }, () => ({
      logits: rng.array([rng.int(5, 28)], -3, 3) as number[],
      temperatures: rng.shuffle([0.005, 0.05, 0.3, 0.7, 1, 1.4, 2.5, 5, 10].map((t) => t * rng.uniform(0.9, 1.1))),
    }));
    const got = await run(async ({ load }: SandboxContext, input: { logits: number[]; temperatures: number[] }[]) => {
      const { entropyCurve } = await load('entropy.ts');
      return input.map((c) => entropyCurve(c.logits, c.temperatures));
    }, cases);
    expectTrue(Array.isArray(got) && got.length === cases.length, 'entropyCurve did not give one result per call');
    cases.forEach((c, i) => {
      const expected = c.temperatures.map((t) => referenceEntropy(referenceSoftmax(c.logits, t)));
      expectClose(got[i], expected, { ...ENTROPY_TOL, name: `entropyCurve (case ${i + 1})` });
      const byTemperature = c.temperatures.map((t, k) => [t, (got[i] as number[])[k]]).sort((a, b) => a[0] - b[0]);
      for (let k = 1; k < byTemperature.length; k++) {
        expectTrue(byTemperature[k][1] > byTemperature[k - 1][1], `entropyCurve (case ${i + 1}) does not rise with the temperature`);
      }
    });
  });
});

group('concept questions', {}, () => {
  check('hotLimitEntropy: the entropy as T → ∞ over the 27-character alphabet', {
    points: 1,
    hint: [
      `as T grows, z_k / T → 0 for every character: what distribution is softmax of all-equal scores, and what is its entropy? (see ${LESSON} §4, the table)`,
      'the entropy of K equally likely outcomes is −Σ (1/K) ln(1/K); run npm run ex -- 11 and read the right end of the curve and its ceiling',
    ],
  }, async ({ run }) => {
    const got = await run(async ({ load }: SandboxContext) => (await load('questions.ts')).hotLimitEntropy(), null);
    // The judge's value: the entropy of softmax over 27 equal scores, by the library.
    const uniform = zeros([ALPHABET.length]).softmax(0).toArray() as number[];
    expectValueAnswer(got, {
      name: 'hotLimitEntropy',
      expected: referenceEntropy(uniform),
      idea: 'It is the entropy, in nats (natural log), of the distribution softmax(z / T) tends to when every z_k / T goes to 0 over the 27 characters.',
      lesson: `${LESSON} §4`,
      atol: 1e-3,
    });
  });

  check('whyGreedyRepeats', {
    points: 1,
    hint: [
      `greedy decoding has no randomness: given the hidden state and the input, the next character is fixed (see ${LESSON} §6, "greedy의 함정")`,
      'run npm run ex -- 11: the greedy text repeats a phrase; think about what happens when the state comes back near where it was',
    ],
  }, async ({ run }) => {
    const got = await run(async ({ load }: SandboxContext) => (await load('questions.ts')).whyGreedyRepeats(), null);
    expectChoice(got, {
      name: 'whyGreedyRepeats',
      answer: 'b',
      misses: {
        a: 'even a perfectly trained model repeats under greedy decoding: the repetition comes from the decoding rule, not from too little training',
        c: 'as T → 0 softmax puts all the mass on the largest logit, the opposite of a uniform distribution',
        d: 'greedy decoding draws no random numbers at all, so the generator and its seed play no part in it',
      },
      lesson: `${LESSON} §6`,
    });
  });
});
