// Every lesson has a README and a demo, and every code block the README shows is the demo's code.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { demoRegions, readmeSnippets, snippetPairs } from '../snippets.ts';

const lessonsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const lessons = readdirSync(lessonsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && /^\d\d-/.test(e.name))
  .map((e) => e.name);

describe('snippet extraction', () => {
  it('pairs a README block with the demo region of the same name, dedented', () => {
    const demo = 'x\n  // #region a\n  const y = 1;\n    y;\n  // #endregion\n';
    expect(demoRegions(demo).get('a')).toBe('const y = 1;\n  y;');
    const md = 'text\n<!-- snippet: a -->\n```ts\nconst y = 1;\n  y;\n```\n';
    expect(readmeSnippets(md).get('a')).toBe('const y = 1;\n  y;');
  });
});

describe.each(lessons)('lesson %s', (lesson) => {
  const readme = join(lessonsDir, lesson, 'README.md');
  const demo = join(lessonsDir, lesson, 'demo.ts');

  it('has a README.md and a demo.ts', () => {
    expect(existsSync(readme), `${readme} is missing`).toBe(true);
    expect(existsSync(demo), `${demo} is missing`).toBe(true);
  });

  it('shows at least one snippet, each identical to the demo code', () => {
    const pairs = snippetPairs(readme, demo);
    expect(pairs.length, `${lesson}/README.md shows no <!-- snippet: NAME --> code block`).toBeGreaterThan(0);
    for (const pair of pairs) {
      expect(pair.inDemo, `${lesson}: README snippet "${pair.name}" has no // #region ${pair.name} in demo.ts`).toBeDefined();
      expect(pair.inReadme, `${lesson}: README snippet "${pair.name}" differs from demo.ts`).toBe(pair.inDemo);
    }
  });
});
