// The instructor's trusted path: a student's repository is a release the student may have changed anywhere;
// the instructor's own course grades only its exercises/. Here a release becomes a student repository that
// tampers with the grader, a suite, the library, package.json and the workflow, and the class grader's staging
// step (what `npm run grade-class` grades) is shown to take the exercise files and nothing else.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stageSubmission } from '../../grader/class/stage.ts';
import { buildRelease } from './release.ts';
import { generateStarters, listFiles } from './starters.ts';

const work = mkdtempSync(join(tmpdir(), 'trusted-path-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the instructor's trusted path", () => {
  it('grades only the exercises/ of a student repository built from the release, whatever else the student changed', () => {
    const repository = buildRelease(join(work, 'student-repo')).dir;
    const starters = generateStarters();
    const [edited] = [...starters.keys()].filter((path) => path.endsWith('.ts'));

    // The student's work, and the student's tampering outside exercises/.
    appendFileSync(join(repository, 'exercises', edited), '\nexport const studentWork = 1;\n');
    const tampered = ['grader/run.ts', 'lib/index.ts', 'package.json', '.github/workflows/grade.yml'];
    for (const path of tampered) appendFileSync(join(repository, path), '\n// every check passes\n');
    const suite = listFiles(join(repository, 'grader', 'suites')).find((path) => /^\d\d-/.test(path));
    expect(suite, 'the release has no suite to tamper with').toBeDefined();
    writeFileSync(join(repository, 'grader', 'suites', suite!), '// all points\n');
    mkdirSync(join(repository, 'solutions'));
    writeFileSync(join(repository, 'solutions', 'fake.ts'), 'export {};\n');
    writeFileSync(join(repository, 'exercises', 'notes.ts'), 'export {};\n'); // not in an exercise folder

    const staged = stageSubmission(repository, join(work, 'staged'));
    expect(staged.layout).toBe('repository');
    const expected = [...starters.keys()].sort();
    expect(listFiles(staged.stagedDir).filter((path) => !path.endsWith('/README.md'))).toEqual(expected);
    expect(readFileSync(join(staged.stagedDir, edited), 'utf8')).toBe(`${starters.get(edited)}\nexport const studentWork = 1;\n`);
    expect(listFiles(staged.stagedDir).some((path) => /^(grader|lib|solutions|\.github)\/|package\.json|notes\.ts/.test(path))).toBe(false);
  });
});
