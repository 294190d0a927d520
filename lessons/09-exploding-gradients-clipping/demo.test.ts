import { beforeAll, describe, expect, it } from 'vitest';
import { expectReadmeMatchesDemo } from '../test/readme-sync.ts';
import { main, type ClippingResult } from './demo.ts';

const DEMO_TIMEOUT_MS = 180_000;

describe('lesson 09: exploding gradients and clipping', () => {
  let result: ClippingResult;
  beforeAll(async () => {
    result = await main({ quiet: true });
  }, DEMO_TIMEOUT_MS);

  it('the README quotes exactly what the demo prints (npm run lesson -- --sync rewrites it)', () => {
    expectReadmeMatchesDemo('09-exploding-gradients-clipping', result.transcript);
  });

  it('measures an exploding gradient in the 5-layer RNN with normal(std 2.0) weights, largest in the bottom layer', () => {
    const norms = result.recurrentWeightGradNorms;
    expect(norms).toHaveLength(5);
    expect(result.totalNormByHand).toBeGreaterThan(1e6);
    expect(Math.max(...norms)).toBe(norms[0]);
    expect(norms[0]).toBeGreaterThan(1e3 * norms[4]);
  });

  it('clipGradNorm_ returns the total norm, rescales by max_norm / (total + 1e-6) and keeps the direction', () => {
    expect(Math.abs(result.totalNormReturned - result.totalNormByHand) / result.totalNormByHand).toBeLessThan(1e-12);
    expect(result.clipCoefficient).toBeCloseTo(1 / (result.totalNormByHand + 1e-6), 20);
    expect(result.normAfterClipping).toBeCloseTo(1, 6);
    expect(result.cosineAfterNormClip).toBeGreaterThan(1 - 1e-12);
  });

  it('clipGradValue_ bounds every entry but turns the gradient', () => {
    expect(result.maxAbsAfterValueClip).toBeLessThanOrEqual(result.clipValue);
    expect(result.cosineAfterValueClip).toBeLessThan(0.9);
  });

  it('trains: without clipping one update jumps by ~lr·‖g‖; with clipping every update is at most lr·1.0', () => {
    const [raw, clipped, defaultInit] = result.runs;
    expect(raw.largestGradNorm).toBeGreaterThan(1e6);
    expect(raw.largestStep).toBeGreaterThan(1e5);
    expect(clipped.largestStep).toBeLessThanOrEqual(result.lr * 1.0 * (1 + 1e-9));
    expect(Math.max(...clipped.losses)).toBeLessThan(10);
    // with PyTorch's default init the gradients are small and the model learns
    expect(defaultInit.largestGradNorm).toBeLessThan(100);
    expect(defaultInit.losses[defaultInit.losses.length - 1]).toBeLessThan(0.5 * defaultInit.losses[0]);
  });
});
