// lib/README.md's speed table is a saved benchmark run's (scripts/bench/results.json, written by
// `npm run bench -- --save`), rendered by scripts/bench/speed-table.ts: timings cannot be rerun in a
// test, but the prose can be held to the run on record.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_FILE, loadSavedRun, renderSpeedTable, tableInReadme } from './speed-table.ts';

describe('the speed table of lib/README.md', () => {
  const run = loadSavedRun();

  it('is the saved run, as scripts/bench/speed-table.ts renders it', () => {
    const inReadme = tableInReadme(readFileSync(README_FILE, 'utf8'));
    expect(inReadme, 'lib/README.md needs the speed-table markers').not.toBeNull();
    expect(inReadme, 'run `npx tsx scripts/bench/speed-table.ts --write` after saving a bench run').toBe(renderSpeedTable(run));
  });

  it('comes from a whole run: every workload, with this library and PyTorch side by side', () => {
    expect(run.workloads.map((w) => w.name)).toEqual(['sine', 'rnn-h128', 'rnn-h256', 'lstm-h64', 'lstm-h128', 'gru-h64', 'birnn2-h64']);
    for (const workload of run.workloads) {
      const implementations = workload.results.map((r) => r.implementation);
      expect(implementations, workload.name).toEqual(expect.arrayContaining(['wasm', 'js', 'torch-f64', 'torch-f32']));
      for (const result of workload.results) {
        expect(result.runsMs.length, `${workload.name} ${result.implementation}`).toBe(run.repeats);
        const sorted = [...result.runsMs].sort((a, b) => a - b);
        expect(result.medianMs, `${workload.name} ${result.implementation}: the median of its runs`).toBe(sorted[(sorted.length - 1) / 2]);
      }
    }
    expect(run.repeats % 2, 'an odd number of repeats, so the median is one of the runs').toBe(1);
  });

  it('changes when a time in the run changes (the check can fail)', () => {
    const altered = structuredClone(run);
    altered.workloads[0].results[0].medianMs *= 2;
    expect(renderSpeedTable(altered)).not.toBe(renderSpeedTable(run));
  });
});
