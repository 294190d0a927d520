// An exercise README that quotes a run quotes `npm run ex -- <id> --solution` as it is today.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exerciseNames, exercisesDir, fillRunOutput, runMarkers, solutionRunLines } from '../readme-numbers.ts';

const quoting = exerciseNames().filter((id) => runMarkers(readFileSync(join(exercisesDir, id, 'README.md'), 'utf8')).length > 0);

describe('run-output blocks', () => {
  it('fill with the matching lines of a run and notice a stale one', () => {
    const md = 'a\n<!-- run-output: ^Epoch -->\n```text\nEpoch 1 | 0.5\n```\n<!-- /run-output -->\n';
    const filled = fillRunOutput(md, ['noise', 'Epoch 1 | 0.4  ', 'Epoch 2 | 0.3']);
    expect(filled.text).toBe('a\n<!-- run-output: ^Epoch -->\n```text\nEpoch 1 | 0.4\nEpoch 2 | 0.3\n```\n<!-- /run-output -->\n');
    expect(filled.changed).toHaveLength(1);
    expect(fillRunOutput(filled.text, ['Epoch 1 | 0.4', 'Epoch 2 | 0.3']).changed).toEqual([]);
  });

  it('are used by the exercises that quote a run', () => {
    expect(quoting).toEqual(expect.arrayContaining(['03-many-to-one', '08-bptt-by-hand']));
  });

  it.each(quoting)('exercises/%s/README.md matches its solution run (npm run lesson -- --sync rewrites it)', async (id) => {
    const markdown = readFileSync(join(exercisesDir, id, 'README.md'), 'utf8');
    const filled = fillRunOutput(markdown, await solutionRunLines(id));
    for (const { name, was, now } of filled.changed) expect(was, `exercises/${id}/README.md block "${name}"`).toBe(now);
  }, 120_000);
});
