import { beforeAll, describe, expect, it } from 'vitest';
import { expectReadmeMatchesDemo } from '../test/readme-sync.ts';
import { main, type NnRnnShapesResult } from './demo.ts';

// Generous: these tests check what the demo computes, not how fast a busy machine runs it.
const DEMO_TIMEOUT_MS = 60_000;

describe('lesson 03: nn.RNN shapes', () => {
  let result: NnRnnShapesResult;
  beforeAll(async () => {
    result = await main({ quiet: true });
  }, DEMO_TIMEOUT_MS);

  it('the README quotes exactly what the demo prints (npm run lesson -- --sync rewrites it)', () => {
    expectReadmeMatchesDemo('03-nn-rnn-shapes', result.transcript);
  });

  it('nn.RNN(4, 3, batchFirst) on (2, 5, 4) with h0 (1, 2, 3) gives out (2, 5, 3) and hn (1, 2, 3)', () => {
    expect(result.basic.input).toEqual([2, 5, 4]);
    expect(result.basic.output).toEqual([2, 5, 3]);
    expect(result.basic.hN).toEqual([1, 2, 3]);
  });

  it('the shape table: layers and directions', () => {
    expect(result.stacked.output).toEqual([32, 15, 20]);
    expect(result.stacked.hN).toEqual([2, 32, 20]);
    expect(result.bidirectional.output).toEqual([32, 15, 40]);
    expect(result.bidirectional.hN).toEqual([2, 32, 20]);
    // two layers AND two directions: numLayers · D = 4 rows (the notes' (2, 32, 20) is the one-layer case)
    expect(result.stackedBidirectional.output).toEqual([32, 15, 40]);
    expect(result.stackedBidirectional.hN).toEqual([4, 32, 20]);
  });

  it('the numbers behind the shapes: last output = h_n, layouts agree, h_n rows = layer·D + direction', () => {
    for (const [name, diff] of Object.entries(result.checks)) {
      expect(diff, name).toBeLessThan(1e-12);
    }
    // the backward direction ends at t = 0, so its h_n is not the backward half of the last output
    expect(result.topBackwardHnVsLastOutput).toBeGreaterThan(1e-3);
  });

  it('lists the parameters under PyTorch names, layer by layer and direction by direction', () => {
    expect(result.parameterShapes).toEqual([
      ['weight_ih_l0', [20, 10]],
      ['weight_hh_l0', [20, 20]],
      ['bias_ih_l0', [20]],
      ['bias_hh_l0', [20]],
      ['weight_ih_l0_reverse', [20, 10]],
      ['weight_hh_l0_reverse', [20, 20]],
      ['bias_ih_l0_reverse', [20]],
      ['bias_hh_l0_reverse', [20]],
      ['weight_ih_l1', [20, 40]],
      ['weight_hh_l1', [20, 20]],
      ['bias_ih_l1', [20]],
      ['bias_hh_l1', [20]],
      ['weight_ih_l1_reverse', [20, 40]],
      ['weight_hh_l1_reverse', [20, 20]],
      ['bias_ih_l1_reverse', [20]],
      ['bias_hh_l1_reverse', [20]],
    ]);
    expect(result.parameterCount).toBe(2 * (200 + 400 + 40) + 2 * (800 + 400 + 40));
  });
});
