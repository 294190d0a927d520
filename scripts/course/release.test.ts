import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasMarkers } from './markers.ts';
import { COURSE_MAP_PLACEHOLDER, buildRelease, checkRelease, isLeftOut, main, studentReadme, type Release } from './release.ts';
import { COURSE_ROOT, EXERCISES_DIR, generateStarters, listFiles } from './starters.ts';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-test-'));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('a release built into a temporary folder', () => {
  let release: Release;
  const read = (path: string) => readFileSync(join(release.dir, path), 'utf8');
  beforeAll(() => {
    release = buildRelease(join(tempDir(), 'student'));
  });

  it('lists exactly the files it wrote', () => {
    expect(listFiles(release.dir)).toEqual(release.files);
    expect(release.bytes).toBeGreaterThan(100_000);
  });

  it('has no solutions, no grader tests, no instructor tools and no private suites', () => {
    const forbidden = release.files.filter((path) =>
      /^(solutions|grader\/(test|class|gradescope))\/|^scripts\/course\/(make-starters|release|markers|starters)\.ts$|private|node_modules\//.test(path),
    );
    expect(forbidden).toEqual([]);
    expect(existsSync(join(release.dir, 'solutions'))).toBe(false);
  });

  it('carries the starters generated from solutions/, identical to the course exercises and free of markers', () => {
    const starters = generateStarters();
    const released = release.files.filter((path) => path.startsWith('exercises/') && !/^exercises\/[^/]+\/README\.md$/.test(path));
    expect(released).toEqual([...starters.keys()].map((path) => `exercises/${path}`).sort());
    for (const [path, content] of starters) {
      expect(read(`exercises/${path}`), path).toBe(content);
      expect(hasMarkers(read(`exercises/${path}`)), path).toBe(false);
      expect(read(`exercises/${path}`), `exercises/${path} differs from the course's starter`).toBe(readFileSync(join(EXERCISES_DIR, path), 'utf8'));
    }
  });

  it('keeps every exercise README, the lessons, the library and the public suites', () => {
    for (const path of listFiles(EXERCISES_DIR).filter((p) => p.endsWith('/README.md'))) {
      expect(read(`exercises/${path}`)).toBe(readFileSync(join(EXERCISES_DIR, path), 'utf8'));
    }
    for (const tree of ['lib', 'lessons', 'grader/suites', 'grader/kit']) {
      const course = listFiles(join(COURSE_ROOT, tree)).map((p) => `${tree}/${p}`);
      expect(course.length, tree).toBeGreaterThan(0);
      expect(release.files.filter((p) => p.startsWith(`${tree}/`))).toEqual(course.filter((p) => !isLeftOut(p)));
    }
    // Survivors files quote solution lines, and npm run mutate needs solutions/: neither is released.
    expect(listFiles(join(COURSE_ROOT, 'grader', 'suites')).some((p) => p.endsWith('.survivors.json'))).toBe(true);
    expect(release.files.filter((p) => p.endsWith('.survivors.json') || p.startsWith('grader/mutate/'))).toEqual([]);
  });

  it('has a package.json with only scripts that work there and the dependencies of the lockfile', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; dependencies: object; devDependencies: object };
    const course = JSON.parse(readFileSync(join(COURSE_ROOT, 'package.json'), 'utf8')) as typeof pkg;
    expect(Object.keys(pkg.scripts).sort()).toEqual(['ex', 'grade', 'hint', 'lesson', 'test', 'typecheck', 'watch']);
    for (const command of Object.values(pkg.scripts)) {
      for (const [, file] of command.matchAll(/\btsx\s+(\S+\.ts)\b/g)) expect(release.files, command).toContain(file);
    }
    expect(pkg.dependencies).toEqual(course.dependencies);
    expect(pkg.devDependencies).toEqual(course.devDependencies);
    expect(read('package-lock.json')).toBe(readFileSync(join(COURSE_ROOT, 'package-lock.json'), 'utf8'));
  });

  it('has a tsconfig.json and a vitest.config.ts that name only what the release has', () => {
    const tsconfig = JSON.parse(read('tsconfig.json')) as { include: string[]; compilerOptions: { paths: Record<string, string[]> } };
    expect(tsconfig.include).not.toContain('solutions');
    for (const entry of tsconfig.include) expect(release.files.some((p) => p === entry || p.startsWith(`${entry}/`)), entry).toBe(true);
    expect(tsconfig.compilerOptions.paths['@submission/*']).toEqual(['exercises/*']);
    const vitestConfig = read('vitest.config.ts');
    expect(vitestConfig).toContain("'scripts/**/*.test.ts'");
    expect(vitestConfig).not.toMatch(/grader\/test|grader\/\*\*\/\*\.test/);
    expect(release.files).toContain('scripts/check-release.test.ts');
  });

  it('starts its README with the two set-up commands, in English and in Korean', () => {
    const readme = read('README.md');
    const firstBlock = /```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toMatch(/^npm ci && npm run grade\b.*\nnpm ci && npm test\b/);
    expect(readme.indexOf('```bash')).toBeLessThan(readme.indexOf('\n## '));
    const korean = readme.slice(readme.indexOf('## 한국어'));
    expect(korean).toMatch(/```bash\nnpm ci && npm run grade\b.*\nnpm ci && npm test\b/);
    expect(readme).not.toMatch(/solutions\//);
  });

  it('carries the course map of the course README in its README, and leaves out the tests that need solutions/', () => {
    const readme = read('README.md');
    const courseReadme = readFileSync(join(COURSE_ROOT, 'README.md'), 'utf8');
    const table = courseReadme.split('\n').filter((line) => /^\| `\d\d-/.test(line));
    expect(table.length).toBeGreaterThan(0);
    for (const line of table) expect(readme).toContain(line);
    expect(readme).not.toContain(COURSE_MAP_PLACEHOLDER);
    expect(release.files).not.toContain('lessons/test/exercise-readmes.test.ts');
    expect(release.files.filter((p) => /^lessons\/.*\.test\.ts$/.test(p)).length).toBeGreaterThan(5);
  });

  it('ships the student workflow: npm ci, grade to results.json, score table into the job summary, no failing threshold', () => {
    const workflow = read('.github/workflows/grade.yml');
    expect(workflow).toMatch(/on:\n\s+push:/);
    expect(workflow).toContain('npm ci');
    expect(workflow).toContain('npm run grade -- --json results.json');
    expect(workflow).toContain('npx tsx scripts/grade-summary.ts results.json >> "$GITHUB_STEP_SUMMARY"');
    expect(workflow).not.toContain('--fail-under');
    expect(release.files).toContain('scripts/grade-summary.ts');
  });

  it('refuses a non-empty folder without --force, and with --force replaces its content but keeps .git and node_modules', () => {
    writeFileSync(join(release.dir, 'stale.txt'), 'from an older release\n');
    mkdirSync(join(release.dir, '.git'), { recursive: true });
    writeFileSync(join(release.dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    mkdirSync(join(release.dir, 'node_modules', 'x'), { recursive: true });
    expect(() => buildRelease(release.dir)).toThrow(/is not empty \(.*\); expected an empty or new folder, or --force/);
    buildRelease(release.dir, { force: true });
    expect(existsSync(join(release.dir, 'stale.txt'))).toBe(false);
    expect(readFileSync(join(release.dir, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    expect(existsSync(join(release.dir, 'node_modules', 'x'))).toBe(true);
    expect(existsSync(join(release.dir, 'README.md'))).toBe(true);
  });
});

describe('where a release may go', () => {
  it('never into the course, a folder inside it, or a folder that contains it, even with --force', () => {
    expect(() => buildRelease(COURSE_ROOT, { force: true })).toThrow(/into the course itself/);
    expect(() => buildRelease(join(COURSE_ROOT, 'release-out'), { force: true })).toThrow(/into the course itself/);
    expect(() => buildRelease(join(COURSE_ROOT, '..'), { force: true })).toThrow(/it contains the course/);
    expect(existsSync(join(COURSE_ROOT, 'release-out'))).toBe(false);
  });

  it('not onto a file', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    expect(() => buildRelease(file)).toThrow(/expected a folder for the release, got a file/);
  });

  it('the command line exits 2 with the reason, and 0 after writing', () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void errors.push(a.join(' ')));
    vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(main([COURSE_ROOT])).toBe(2);
    expect(errors.join('\n')).toMatch(/npm run release: refusing to write the release into the course itself/);
    const target = join(tempDir(), 'cli');
    expect(main([target])).toBe(0);
    expect(existsSync(join(target, 'exercises'))).toBe(true);
    vi.restoreAllMocks();
  });
});

describe('studentReadme', () => {
  it('puts the course README\'s Exercises section in place of the placeholder, and says what is missing otherwise', () => {
    const course = '# Course\n\n## Exercises\n\n| `01-a` | x |\n\n## For instructors\n\nsecret\n';
    expect(studentReadme(`# Student\n\n${COURSE_MAP_PLACEHOLDER}\n\n## Next\n`, course)).toBe('# Student\n\n## Exercises\n\n| `01-a` | x |\n\n## Next\n');
    expect(() => studentReadme(COURSE_MAP_PLACEHOLDER, '# Course\n')).toThrow(/no "## Exercises" section/);
    expect(() => studentReadme('# no placeholder', course)).toThrow(/template has no/);
  });
});

describe('checkRelease', () => {
  it('names solutions, leftover markers and imports the release cannot resolve', () => {
    const files = new Map<string, string>([
      ['solutions/01-x/a.ts', 'export {};'],
      ['exercises/01-x/a.ts', 'x\n// BEGIN SOLUTION\n'],
      ['lessons/run.ts', "import { resolveId } from '../scripts/course/resolve-id.ts';\n// import { no } from './doc-example.ts';\n"],
      ['grader/test/x.test.ts', ''],
      ['grader/suites/01-x.private.suite.ts', ''],
    ]);
    let message = '';
    try {
      checkRelease(files);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('solutions/01-x/a.ts: solutions are never released');
    expect(message).toContain('exercises/01-x/a.ts: a solution marker is left in a starter');
    expect(message).toContain('lessons/run.ts imports ../scripts/course/resolve-id.ts, which the release does not have');
    expect(message).toContain('grader/test/x.test.ts: instructor-only');
    expect(message).toContain('grader/suites/01-x.private.suite.ts: instructor-only');
    expect(message).not.toContain('doc-example');
  });
});
