// The machinery that keeps README numbers equal to the demos' output: markers, transcript, and that every
// lesson uses it (each demo.test.ts compares its README with the transcript of its default run).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillReadme, lessonNames, lessonsDir, readmeMarkers } from '../readme-numbers.ts';
import { Transcript, sci } from '../transcript.ts';

function sampleTranscript(): Transcript {
  const t = new Transcript(true);
  t.block('run');
  t.log('\x1b[31mloss\x1b[0m %s', (0.12345).toFixed(3));
  t.endBlock();
  t.log('not recorded');
  t.value('accuracy', '98.5%');
  t.table('runs', ['model', 'loss'], [['RNN', '0.969'], ['a|b', '1.00']]);
  return t;
}

describe('README markers', () => {
  it('fills blocks (as text fences, without colour), tables and inline values', () => {
    const md = 'x <!-- demo:accuracy -->?<!-- /demo --> y\n<!-- demo:run -->\n<!-- /demo -->\n<!-- demo:runs -->old<!-- /demo -->\n';
    const filled = fillReadme(md, sampleTranscript());
    expect(filled.unknown).toEqual([]);
    expect(filled.text).toBe(
      'x <!-- demo:accuracy -->98.5%<!-- /demo --> y\n<!-- demo:run -->\n```text\nloss 0.123\n```\n<!-- /demo -->\n' +
        '<!-- demo:runs -->\n| model | loss |\n|---|---:|\n| RNN | 0.969 |\n| a\\|b | 1.00 |\n<!-- /demo -->\n',
    );
    expect(filled.changed.map((c) => c.name)).toEqual(['accuracy', 'run', 'runs']);
  });

  it('reports a stale number and a marker the demo does not record', () => {
    const t = sampleTranscript();
    const md = 'a <!-- demo:accuracy -->97.0%<!-- /demo --> b <!-- demo:gone -->1<!-- /demo -->';
    const filled = fillReadme(md, t);
    expect(filled.changed).toEqual([{ name: 'accuracy', was: '97.0%', now: '98.5%' }]);
    expect(filled.unknown).toEqual(['gone']);
    const synced = fillReadme(filled.text, t);
    expect(synced.changed).toEqual([]);
  });

  it('writes numbers as the READMEs do', () => {
    expect(sci(4.7e13)).toBe('4.7 × 10¹³');
    expect(sci(1.652e-14)).toBe('1.7 × 10⁻¹⁴');
    expect(sci(154)).toBe('150');
    expect(sci(0.1, 2)).toBe('0.10');
  });

  it('refuses to record the same value twice (two numbers under one name would be ambiguous)', () => {
    const t = sampleTranscript();
    expect(() => t.value('accuracy', '1')).toThrow(/twice/);
  });

  it.each(lessonNames())('%s: its README has demo markers and its demo test compares them', (lesson) => {
    const markdown = readFileSync(join(lessonsDir, lesson, 'README.md'), 'utf8');
    expect(readmeMarkers(markdown).length, `${lesson}/README.md quotes no demo output`).toBeGreaterThan(0);
    const test = readFileSync(join(lessonsDir, lesson, 'demo.test.ts'), 'utf8');
    expect(test, `${lesson}/demo.test.ts does not call expectReadmeMatchesDemo`).toMatch(/expectReadmeMatchesDemo\('/);
  });
});
