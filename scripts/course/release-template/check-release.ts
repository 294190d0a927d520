// The release check of the student repository (shipped as scripts/check-release.test.ts, run by `npm test`).
// It holds whatever the learner has written so far: it checks that the repository is whole, never what the
// exercises contain (the type check in `npm test` makes sure they compile).
// (In the course repository this file is scripts/course/release-template/check-release.ts and does not run.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const suitesDir = join(root, 'grader', 'suites');
const exercisesDir = join(root, 'exercises');

// A suite file is grader/suites/<id>.test.ts (or <id>.<part>.test.ts): the id is the name up to the first dot.
const suiteFiles = readdirSync(suitesDir, { withFileTypes: true })
  .filter((entry) => entry.isFile() && /^\d\d-[^.]+\..*ts$/.test(entry.name))
  .map((entry) => entry.name);
const suiteIds = [...new Set(suiteFiles.map((name) => name.split('.')[0]))].sort();
const exerciseIds = readdirSync(exercisesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('the release', () => {
  it('has a graded suite for every exercise folder and an exercise folder for every suite', () => {
    expect(suiteIds.length).toBeGreaterThan(0);
    expect(exerciseIds).toEqual(suiteIds);
  });

  it.each(suiteIds)('%s: has its README, a starter file and every file its suite names', (id) => {
    expect(existsSync(join(exercisesDir, id, 'README.md')), `exercises/${id}/README.md is missing`).toBe(true);
    expect(readdirSync(join(exercisesDir, id)).filter((name) => name.endsWith('.ts')).length, `exercises/${id} has no .ts file`).toBeGreaterThan(0);
    for (const name of suiteFiles.filter((file) => file.startsWith(`${id}.`))) {
      const suite = readFileSync(join(suitesDir, name), 'utf8');
      for (const [, dir, file] of suite.matchAll(/@submission\/([^/'"`]+)\/([^'"`?]+)/g)) {
        expect(existsSync(join(exercisesDir, dir, file)), `exercises/${dir}/${file} (graded by grader/suites/${name}) is missing`).toBe(true);
      }
    }
  });

  it('carries no solutions and no instructor tools', () => {
    for (const path of ['solutions', 'grader/test', 'grader/class', 'grader/gradescope', 'scripts/course/make-starters.ts', 'scripts/course/release.ts']) {
      expect(existsSync(join(root, path)), `${path} should not be in the student release`).toBe(false);
    }
  });

  it('has every file its npm scripts run', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const [name, command] of Object.entries(scripts)) {
      for (const [, file] of command.matchAll(/\btsx\s+(\S+\.ts)\b/g)) {
        expect(existsSync(join(root, file)), `npm run ${name} runs ${file}, which is missing`).toBe(true);
      }
    }
  });
});
