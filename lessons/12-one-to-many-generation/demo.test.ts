import { beforeAll, describe, expect, it } from 'vitest';
import { expectReadmeMatchesDemo } from '../test/readme-sync.ts';
import { Generator, tensor } from '../../lib/index.ts';
import { TEMPERATURES, WORDS, longestRepeat, main, novelPhrase, meanEntropy, realWordShare, sampleWithTemperature, type GenerationResult } from './demo.ts';

// Generous: these tests check what the demo computes, not how fast a busy machine runs it.
const DEMO_TIMEOUT_MS = 120_000;

describe('lesson 12: one-to-many character generation', () => {
  let result: GenerationResult;
  beforeAll(async () => {
    result = await main({ quiet: true });
  }, DEMO_TIMEOUT_MS);

  it('the README quotes exactly what the demo prints (npm run lesson -- --sync rewrites it)', () => {
    expectReadmeMatchesDemo('12-one-to-many-generation', result.transcript);
  });

  it('learns the corpus: the loss falls from about ln 27 and most next characters are predicted', () => {
    expect(result.losses[0]).toBeGreaterThan(2.5);
    expect(result.losses[result.losses.length - 1]).toBeLessThan(0.5);
    expect(result.teacherForcedAccuracy).toBeGreaterThan(0.9);
    expect(result.teacherForcedAccuracy).toBeLessThan(1); // "the " is followed by several words: no model can be always right
  });

  it('learns the corpus from another initialisation too', async () => {
    const other = await main({ quiet: true, seed: 3 });
    expect(other.losses[other.losses.length - 1]).toBeLessThan(0.5);
    expect(other.teacherForcedAccuracy).toBeGreaterThan(0.9);
    // the README: a hot sample has fewer real words than a cool one at this seed too
    const share = Object.fromEntries(other.samples.map((s) => [s.temperature, s.realWordShare]));
    expect(share[0.5] - share[3]).toBeGreaterThan(0.3);
  }, DEMO_TIMEOUT_MS);

  it('finds a phrase the corpus never contains, and the stretch a greedy text repeats', () => {
    expect(novelPhrase(' xx the cat ate the cat sat on yy')).toBe('the cat ate the cat');
    expect(novelPhrase(' xx a dog and a cat sat on the mat yy')).toBeUndefined(); // all of it is in TEXT
    expect(longestRepeat(' ab cd ef ab cd gh')).toBe('ab cd');
  });

  it('counts real words of a generated text, leaving out the unfinished last one', () => {
    expect(WORDS.has('cat') && WORDS.has('and') && !WORDS.has('the cat')).toBe(true);
    expect(realWordShare(' the cat sat on the ma')).toBe(1);
    expect(realWordShare(' the cqt sat xx the')).toBe(0.5);
  });

  it('generates from a single character: greedy and cool samples are made of real words, a hot one is not', () => {
    expect(result.greedy).toMatch(/^ [a-z ]{80}$/);
    expect(realWordShare(result.greedy)).toBeGreaterThanOrEqual(0.9);
    const share = Object.fromEntries(result.samples.map((s) => [s.temperature, s.realWordShare]));
    expect(share[0.5]).toBeGreaterThanOrEqual(0.9);
    expect(share[1]).toBeGreaterThanOrEqual(0.8);
    expect(share[3]).toBeLessThan(0.6);
    expect(share[0.5] - share[3]).toBeGreaterThan(0.3);
  });

  it('samples deterministically from a seeded Generator, and differently from other seeds', () => {
    expect(result.repeatedSample).toBe(result.samples.find((s) => s.temperature === 1)!.text);
    for (const s of result.samples) expect(s.text).toMatch(/^ [a-z ]{80}$/);
    expect(new Set(result.variety).size).toBe(3);
  });

  it('flattens the distribution as the temperature rises', () => {
    expect(result.samples.map((s) => s.temperature)).toEqual(TEMPERATURES);
    const entropies = result.samples.map((s) => s.entropy);
    for (let i = 1; i < entropies.length; i++) expect(entropies[i]).toBeGreaterThan(entropies[i - 1]);
    expect(entropies[entropies.length - 1]).toBeLessThanOrEqual(Math.log(27));
    expect(meanEntropy(tensor([[1, 2, 3]]), 1e6)).toBeCloseTo(Math.log(3), 5); // very hot: uniform
  });

  it('sampleWithTemperature: temperature 0 is argmax, and draws follow softmax(logits / T)', () => {
    const logits = tensor([0, Math.log(3), 0]); // probabilities 0.2, 0.6, 0.2 at T = 1
    expect(sampleWithTemperature(logits, 0, new Generator(0))).toBe(1);
    const generator = new Generator(5);
    const counts = [0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[sampleWithTemperature(logits, 1, generator)]++;
    expect(counts[1] / 4000).toBeGreaterThan(0.55);
    expect(counts[1] / 4000).toBeLessThan(0.65);
    // at T = 0.5 the probabilities become 1 : 9 : 1
    const hot = [0, 0, 0];
    for (let i = 0; i < 4000; i++) hot[sampleWithTemperature(logits, 0.5, generator)]++;
    expect(hot[1] / 4000).toBeGreaterThan(9 / 11 - 0.05);
    expect(hot[1] / 4000).toBeLessThan(9 / 11 + 0.05);
  });
});
