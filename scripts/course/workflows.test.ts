// The two GitHub workflows: the course's CI (the README's test command) and the student workflow shipped in the
// release. Checked as text: the course has no YAML parser, and these files are short and written by hand.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COURSE_ROOT } from './starters.ts';

const workflowsDir = join(COURSE_ROOT, '.github', 'workflows');

/** The names of the jobs: the keys indented by two spaces under `jobs:`. */
function jobNames(yaml: string): string[] {
  const after = yaml.slice(yaml.search(/^jobs:\s*$/m));
  return [...after.matchAll(/^ {2}([\w-]+):\s*$/gm)].map((m) => m[1]);
}

/** The `run:` commands, in order. */
function runCommands(yaml: string): string[] {
  return [...yaml.matchAll(/^\s+(?:- )?run: (.+)$/gm)].map((m) => m[1].trim());
}

describe('the course CI workflow', () => {
  const files = readdirSync(workflowsDir);
  const ci = readFileSync(join(workflowsDir, 'ci.yml'), 'utf8');

  it('is one job that installs from the lockfile on Node 20 and runs npm test', () => {
    expect(jobNames(ci)).toEqual(['test']);
    expect(ci).toContain('uses: actions/checkout@v4');
    expect(ci).toMatch(/uses: actions\/setup-node@v4\n\s+with:\n\s+node-version: 20\n/);
    expect(runCommands(ci)).toEqual(['npm ci --no-audit --no-fund', 'npm test']);
    expect(ci).toMatch(/on:\n\s+push:/);
  });

  it('no workflow of the course repository grades the exercises (the starters would always be red)', () => {
    expect(files.sort()).toEqual(['ci.yml']);
    for (const file of files) expect(readFileSync(join(workflowsDir, file), 'utf8')).not.toMatch(/npm run grade/);
  });
});

describe('the student workflow (release template)', () => {
  const grade = readFileSync(join(import.meta.dirname, 'release-template', 'grade.yml'), 'utf8');

  it('is one job: install, grade into results.json, then the score table into the job summary even after a failure', () => {
    expect(jobNames(grade)).toEqual(['grade']);
    expect(runCommands(grade)).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run grade -- --json results.json',
      'npx tsx scripts/grade-summary.ts results.json >> "$GITHUB_STEP_SUMMARY"',
    ]);
    expect(grade).toMatch(/- name: Score table\n\s+if: always\(\)\n/);
    expect(grade).toMatch(/on:\n\s+push:/);
  });

  it('never fails because of a low score', () => {
    expect(grade).not.toMatch(/--fail-under|continue-on-error: false/);
  });
});
