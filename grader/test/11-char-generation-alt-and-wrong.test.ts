// Proof that the 11-char-generation suite grades behaviour, not our way of writing it: a differently
// written correct solution (softmax through logSoftmax, inverse CDF by subtraction, the library's argmax,
// generation that rereads the whole text instead of carrying the state, entropy from log-probabilities)
// scores full marks at several seeds, and each classic mistake loses exactly the checks that should catch it.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runGrade, type ExerciseResult } from '../run.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', '11-char-generation');
const TIMEOUT_MS = 120_000;

async function grade(variant: string, seed: number): Promise<ExerciseResult> {
  const result = await runGrade({ submissionDir: join(FIXTURES, variant), filters: ['11'], seed });
  expect(result.exercises.map((e) => e.id)).toEqual(['11-char-generation']);
  return result.exercises[0];
}

/** Check names without the exercise prefix, e.g. "sampleNext › many draws follow softmax(z / T) (chi-square test)". */
function names(exercise: ExerciseResult, status: 'passed' | 'failed'): string[] {
  return exercise.checks.filter((c) => c.status === status).map((c) => c.name.replace(/^11-char-generation › /, '')).sort();
}

const SOFTMAX_VISIBLE = 'softmaxWithTemperature › equals softmax(z / T) for z = [1, 2, 3, 0.5] at T = 1, 0.5 and 2 (1e-12)';
const SOFTMAX_RANDOM = 'softmaxWithTemperature › random logits and temperatures (1e-12)';
const SOFTMAX_LARGE = 'softmaxWithTemperature › large logits and small temperatures: finite and exact, no overflow (1e-12)';
const SOFTMAX_COLD = 'softmaxWithTemperature › as T → 0 all the mass goes to the largest logit; two equal largest share it';
const INDEX_VISIBLE = 'sampleIndex (inverse CDF) › picks the first k with u < p_0 + … + p_k, also when u lands exactly on a boundary';
const INDEX_RANDOM = 'sampleIndex (inverse CDF) › random distributions and draws, boundaries and zero probabilities included';
const NEXT_GREEDY = 'sampleNext › temperature 0 is greedy: the first largest logit, and nothing drawn from the generator';
const NEXT_REPRODUCED = "sampleNext › reproduces the judge's choices from the same generator seed: one generator.random() per sampled character";
const NEXT_CHI_SQUARE = 'sampleNext › many draws follow softmax(z / T) (chi-square test)';
const GENERATE_GREEDY = 'generate › greedy (T = 0) text equals argmax decoding with the state carried over';
const GENERATE_SAMPLED = "generate › sampled text at T = 0.5, 1 and 2 equals the judge's text from the same generator seed";
const GENERATE_DRAWS = 'generate › deterministic per seed: the same seed gives the same text, exactly one draw per sampled character, none when greedy';
const ENTROPY_VISIBLE = 'entropy › entropy in nats: uniform over 4 → ln 4, one-hot → 0, [0.5, 0.25, 0.25] → 1.5 ln 2';
const ENTROPY_CURVE = 'entropy › entropyCurve: the entropy of softmax(z / T) at each temperature, in the order given (1e-9), rising with T';
const HOT_LIMIT = 'concept questions › hotLimitEntropy: the entropy as T → ∞ over the 27-character alphabet';

/** Each wrong fixture, the seed it is graded at, and the checks it must lose (all others pass). */
const WRONG: { variant: string; seed: number; lost: string[]; points: number }[] = [
  {
    // z · T instead of z / T: right at T = 1 only; everything that uses another temperature notices.
    variant: 'wrong-temperature-times',
    seed: 2,
    lost: [SOFTMAX_VISIBLE, SOFTMAX_RANDOM, SOFTMAX_LARGE, SOFTMAX_COLD, NEXT_REPRODUCED, NEXT_CHI_SQUARE, GENERATE_SAMPLED, ENTROPY_CURVE],
    points: 9,
  },
  // exp without the shift by the max: NaN once z / T passes 709 (large logits, T near 0), right everywhere else.
  { variant: 'wrong-no-max-shift', seed: 3, lost: [SOFTMAX_LARGE, SOFTMAX_COLD], points: 19 },
  // u <= cumulative: differs only when u lands exactly on a boundary (and then can pick a character of probability 0).
  { variant: 'wrong-boundary', seed: 4, lost: [INDEX_VISIBLE, INDEX_RANDOM], points: 20 },
  // log2 instead of ln: every entropy, and the concept question answered in bits.
  { variant: 'wrong-log2', seed: 5, lost: [ENTROPY_VISIBLE, ENTROPY_CURVE, HOT_LIMIT], points: 18 },
  // the state not fed back: every generated text after the first character differs, greedy and sampled.
  { variant: 'wrong-state-dropped', seed: 6, lost: [GENERATE_GREEDY, GENERATE_SAMPLED], points: 19 },
  // a draw at T = 0 too: greedy text is unchanged, but the generator is no longer where the README says.
  { variant: 'wrong-greedy-draws', seed: 7, lost: [NEXT_GREEDY, NEXT_REPRODUCED, GENERATE_DRAWS], points: 18 },
];

describe('11-char-generation suite against the proof fixtures', () => {
  test.each([1, 4, 9])('the alternative correct solution scores full marks at grading seed %i', async (seed) => {
    const exercise = await grade('alt', seed);
    expect(names(exercise, 'failed')).toEqual([]);
    expect(exercise.maxPoints).toBe(22);
    expect(exercise.points).toBe(exercise.maxPoints);
  }, TIMEOUT_MS);

  test.each(WRONG)('$variant loses exactly the checks its mistake touches', async ({ variant, seed, lost, points }) => {
    const exercise = await grade(variant, seed);
    expect(names(exercise, 'failed')).toEqual([...lost].sort());
    expect(names(exercise, 'passed')).toHaveLength(exercise.checks.length - lost.length);
    for (const check of exercise.checks.filter((c) => c.status === 'failed')) expect(check.outcome).toBe('failed');
    expect(exercise.points).toBe(points);
  }, TIMEOUT_MS);
});
