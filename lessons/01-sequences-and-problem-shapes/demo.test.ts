import { beforeAll, describe, expect, it } from 'vitest';
import { expectReadmeMatchesDemo } from '../test/readme-sync.ts';
import { main, type SequencesResult } from './demo.ts';

// Generous: these tests check what the demo computes, not how fast a busy machine runs it.
const DEMO_TIMEOUT_MS = 60_000;

describe('lesson 01: sequences and problem shapes', () => {
  let result: SequencesResult;
  beforeAll(async () => {
    result = await main({ quiet: true });
  }, DEMO_TIMEOUT_MS);

  it('the README quotes exactly what the demo prints (npm run lesson -- --sync rewrites it)', () => {
    expectReadmeMatchesDemo('01-sequences-and-problem-shapes', result.transcript);
  });

  it('a bag of words cannot tell "the dog bit the man" from "the man bit the dog"', () => {
    expect(result.vocabulary).toEqual(['bit', 'dog', 'man', 'the']);
    expect(result.bagOfWords[0]).toEqual([1, 1, 1, 2]);
    expect(result.bagOfWords[1]).toEqual([1, 1, 1, 2]);
    expect(result.bagModelDifference).toBe(0);
  });

  it.each([0, 1, 2, 3, 4])('seed %i: the RNN ends in a different hidden state for the two orders', async (seed) => {
    const { rnnHiddenDistance } = await main({ quiet: true, seed });
    expect(rnnHiddenDistance).toBeGreaterThan(1e-3);
  }, DEMO_TIMEOUT_MS);

  it('builds the four problem shapes with the shapes of the README table', () => {
    const { manyToOne, manyToMany, oneToMany, encoderDecoder } = result.shapes;
    expect(manyToOne.input).toEqual([2, 6, 3]);
    expect(manyToOne.output).toEqual([2, 2]); // one answer per sequence: no time axis
    expect(manyToMany.input).toEqual([2, 6, 3]);
    expect(manyToMany.output).toEqual([2, 6, 5]); // one answer per step: same length as the input
    expect(oneToMany.input).toEqual([2, 3]); // one vector, no time axis
    expect(oneToMany.output).toEqual([2, 4, 5]);
    expect(encoderDecoder.input).toEqual([2, 6, 3]);
    expect(encoderDecoder.output).toEqual([2, 4, 5]); // output length 4 differs from input length 6
  });
});
