import { beforeAll, describe, expect, it } from 'vitest';
import { expectReadmeMatchesDemo } from '../test/readme-sync.ts';
import { ALPHABET, decode, encode, firstWordSentences, main, type CharRnnBidirectionalResult } from './demo.ts';
import { Generator } from '../../lib/index.ts';

// Generous: these tests check what the demo computes, not how fast a busy machine runs it.
const DEMO_TIMEOUT_MS = 120_000;

describe('lesson 07: CharRNN and bidirectional RNN', () => {
  let result: CharRnnBidirectionalResult;
  beforeAll(async () => {
    result = await main({ quiet: true });
  }, DEMO_TIMEOUT_MS);

  it('the README quotes exactly what the demo prints (npm run lesson -- --sync rewrites it)', () => {
    expectReadmeMatchesDemo('07-charrnn-bidirectional', result.transcript);
  });

  it('uses the 27-character vocabulary a–z + space and round-trips text', () => {
    expect(result.vocabSize).toBe(27);
    expect(ALPHABET).toBe('abcdefghijklmnopqrstuvwxyz ');
    expect(result.encoded).toEqual([7, 4, 11, 11, 14, 26, 22, 14, 17, 11, 3]); // 'hello world', a = 0, space = 26
    expect(result.decoded).toBe('hello world');
    expect(decode(encode('the dog'))).toBe('the dog');
    expect(() => encode('Hello')).toThrow(/a–z/);
  });

  it('Embedding turns (batch, seq) indices into (batch, seq, embed) rows of its weight', () => {
    expect(result.embeddedShape).toEqual([1, 11, 8]);
    expect(result.embeddingLookupGap).toBe(0);
  });

  it("builds note 002's CharRNN (vocab 27, embed 32, hidden 64, 5 classes)", () => {
    expect(result.charRnnLogitsShape).toEqual([2, 5]);
    expect(result.charRnnParameterShapes).toEqual({
      'embedding.weight': [27, 32],
      'rnn.weight_ih_l0': [64, 32],
      'rnn.weight_hh_l0': [64, 64],
      'rnn.bias_ih_l0': [64],
      'rnn.bias_hh_l0': [64],
      'fc.weight': [5, 64],
      'fc.bias': [5],
    });
  });

  it('finds h_n[0] at the last step of the forward half and h_n[1] at step 0 of the backward half', () => {
    expect(result.biOutputShape).toEqual([3, 6, 32]);
    expect(result.biHnShape).toEqual([2, 3, 16]);
    expect(result.forwardFinalGap).toBeLessThan(1e-12);
    expect(result.backwardFinalGap).toBeLessThan(1e-12);
    expect(result.backwardVsLastOutputGap).toBeGreaterThan(1e-3); // output[:, -1, H:] is not the backward final state
  });

  it('shows that only the bidirectional RNN lets the last input change the first output', () => {
    expect(result.futureLeak.unidirectional).toBe(0);
    expect(result.futureLeak.bidirectional).toBeGreaterThan(1e-4);
  });

  it('labels each toy sentence by its first word and keeps the length fixed', () => {
    const { texts, labels } = firstWordSentences(50, 24, new Generator(3));
    texts.forEach((text, i) => {
      expect(text).toHaveLength(24);
      expect(/^(good|great|nice) /.test(text) ? 1 : 0).toBe(labels[i]);
    });
    expect(labels).toContain(0);
    expect(labels).toContain(1);
  });

  it.each([7, 3])('seed %i: the bidirectional CharRNN solves the first-word task, the unidirectional one does not generalise', async (seed) => {
    const r = seed === 7 ? result : await main({ quiet: true, seed });
    expect(r.bidirectional.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.unidirectional.testAccuracy).toBeLessThan(0.8);
    expect(r.bidirectional.testAccuracy - r.unidirectional.testAccuracy).toBeGreaterThan(0.2);
  }, DEMO_TIMEOUT_MS);
});
