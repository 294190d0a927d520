// Used by every demo.test.ts: the README's demo markers hold exactly what the demo (default options) recorded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { fillReadme, lessonsDir, readmeMarkers } from '../readme-numbers.ts';
import type { Transcript } from '../transcript.ts';

export function expectReadmeMatchesDemo(lesson: string, transcript: Transcript): void {
  const markdown = readFileSync(join(lessonsDir, lesson, 'README.md'), 'utf8');
  expect(readmeMarkers(markdown).length, `${lesson}/README.md has no <!-- demo:NAME --> markers`).toBeGreaterThan(0);
  const filled = fillReadme(markdown, transcript);
  expect(filled.unknown, `${lesson}/README.md names markers the demo does not record`).toEqual([]);
  for (const { name, was, now } of filled.changed) {
    expect(was, `${lesson}/README.md "${name}" differs from the demo — run: npm run lesson -- --sync`).toBe(now);
  }
}
