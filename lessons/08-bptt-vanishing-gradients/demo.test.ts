import { describe, expect, it } from 'vitest';
import { LARGE_RADIUS, SMALL_RADIUS, largestSingularValue, main, spectralRadius } from './demo.ts';
import { tensor } from '../../lib/index.ts';
import { expectReadmeMatchesDemo } from '../test/readme-sync.ts';

const DEMO_TIMEOUT_MS = 120_000;

describe('lesson 08: BPTT and vanishing gradients', () => {
  it('the README quotes exactly what the demo prints (npm run lesson -- --sync rewrites it)', async () => {
    expectReadmeMatchesDemo('08-bptt-vanishing-gradients', (await main({ quiet: true })).transcript);
  }, DEMO_TIMEOUT_MS);

  it('computes the spectral radius from complex eigenvalues, and σ_max ≥ ρ', () => {
    expect(spectralRadius(tensor([[0, -2], [2, 0]]))).toBeCloseTo(2, 12); // eigenvalues ±2i
    expect(spectralRadius(tensor([[0.5, 0], [0, -0.25]]))).toBeCloseTo(0.5, 12);
    const nonNormal = tensor([[0.5, 3], [0, 0.5]]); // ρ = 0.5 but it stretches some vectors by > 3
    expect(spectralRadius(nonNormal)).toBeCloseTo(0.5, 12);
    expect(largestSingularValue(nonNormal)).toBeGreaterThan(3);
  });

  it.each([8, 1, 2])('seed %i: gradients vanish with ρ(W_hh) = 0.5 and explode with ρ(W_hh) = 3', async (seed) => {
    const { steps, small, large } = await main({ quiet: true, seed });
    expect(small.spectralRadius).toBeCloseTo(SMALL_RADIUS, 9);
    expect(large.spectralRadius).toBeCloseTo(LARGE_RADIUS, 9);
    expect(small.normsByDistance).toHaveLength(steps + 1);
    // L = sum(h_T): ∂L/∂h_T is a vector of ones
    expect(small.normsByDistance[0]).toBeCloseTo(Math.sqrt(64), 12);

    // vanishing: strictly smaller at every step back, and below the bound σ_max^d (|tanh'| ≤ 1)
    for (let d = 1; d <= steps; d++) {
      expect(small.normsByDistance[d]).toBeLessThan(small.normsByDistance[d - 1]);
      expect(small.normsByDistance[d]).toBeLessThanOrEqual(small.normsByDistance[0] * small.largestSingularValue ** d * (1 + 1e-9));
    }
    expect(small.normsByDistance[steps] / small.normsByDistance[0]).toBeLessThan(1e-8);
    expect(small.perStepFactor).toBeLessThan(SMALL_RADIUS + 0.1);

    // exploding: orders of magnitude larger far back, yet slower than ρ^d because tanh saturates
    expect(large.normsByDistance[steps] / large.normsByDistance[0]).toBeGreaterThan(100);
    expect(large.perStepFactor).toBeGreaterThan(1);
    expect(large.perStepFactor).toBeLessThan(LARGE_RADIUS);
    expect(large.meanAbsHidden).toBeGreaterThan(small.meanAbsHidden);

    // the fused kernel's BPTT gives the same ∂L/∂h_0 as the step-by-step graph
    expect(small.kernelRelativeGap).toBeLessThan(1e-9);
    expect(large.kernelRelativeGap).toBeLessThan(1e-9);
  }, DEMO_TIMEOUT_MS);
});
