// `npm run release -- <dir> [--force]` writes the repository students get: lessons, library, the starters
// generated from solutions/, the grader with its public suites, the scripts a learner runs, a student README
// and the student workflow. No solutions/, no private suites, no instructor tools.
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { hasMarkers } from './markers.ts';
import { COURSE_ROOT, generateStarters, isAuthoredInExercises, listFiles } from './starters.ts';

const TEMPLATE_DIR = join(import.meta.dirname, 'release-template');

/** Folders shipped whole, minus what `isLeftOut` says. */
const SHIPPED_TREES = ['lib', 'lessons', 'grader', 'scripts/ex'];
/** Single files shipped when they exist. */
const SHIPPED_FILES = ['package-lock.json', '.gitignore', 'scripts/course/resolve-id.ts'];
/** Instructor-only parts of the grader, and anything named private (a folder `private…/`, a file `<id>.private.suite.ts`). */
// grader/mutate needs solutions/, and a survivors file quotes solution lines: neither goes to students.
const LEFT_OUT = [/^grader\/test\//, /^grader\/class\//, /^grader\/gradescope\//, /^grader\/mutate\//, /\.survivors\.json$/, /(^|\/)private[^/]*(\/|$)/, /\.private\./];
/**
 * Tests that check the course against its solutions/ (maintainers' checks): they cannot run in a release.
 * `lessons/test/exercise-readmes.test.ts` reruns each solution to compare the output an exercise README quotes.
 */
const COURSE_ONLY_TESTS = ['lessons/test/exercise-readmes.test.ts'];
/** Local leftovers that never belong in a repository (the course's .gitignore). */
const NEVER = [/(^|\/)node_modules\//, /(^|\/)\.grade\//, /(^|\/)out\//, /(^|\/)coverage\//, /\.log$/, /(^|\/)\.DS_Store$/];
/** npm scripts kept in the release: the ones a learner uses, all of which work there. */
const STUDENT_SCRIPTS = ['test', 'typecheck', 'lesson', 'ex', 'grade', 'hint', 'watch'];
/** Template file → where it goes in the release. */
const TEMPLATES: ReadonlyArray<[string, string]> = [
  ['README.md', 'README.md'],
  ['grade.yml', '.github/workflows/grade.yml'],
  ['vitest.config.ts', 'vitest.config.ts'],
  ['grade-summary.ts', 'scripts/grade-summary.ts'],
  ['check-release.ts', 'scripts/check-release.test.ts'],
];

/** What --force leaves in place: the history of a template repository, and installed packages (never released). */
const KEPT_ON_FORCE = new Set(['.git', 'node_modules']);

export function isLeftOut(path: string): boolean {
  return LEFT_OUT.some((pattern) => pattern.test(path)) || NEVER.some((pattern) => pattern.test(path)) || COURSE_ONLY_TESTS.includes(path);
}

/** Where the student README takes the course map: the `## Exercises` section of the course README. */
export const COURSE_MAP_PLACEHOLDER = '<!-- the course map: the "## Exercises" section of the course README, copied by npm run release -->';

/** The student README: the template with the course README's exercise table in place of the placeholder. */
export function studentReadme(template: string, courseReadme: string): string {
  const section = /^## Exercises\n[\s\S]*?(?=^## |^---$|(?![\s\S]))/m.exec(courseReadme)?.[0];
  if (!section) throw new Error('the course README has no "## Exercises" section: expected the course map (a table of exercise ids) there');
  if (!template.includes(COURSE_MAP_PLACEHOLDER)) throw new Error(`the student README template has no ${COURSE_MAP_PLACEHOLDER} line`);
  return template.replace(COURSE_MAP_PLACEHOLDER, section.trimEnd());
}

export interface ReleaseOptions {
  /** Replace the content of a non-empty target (its .git and node_modules are kept). */
  force?: boolean;
  /** The course to release from (default: this repository). */
  courseRoot?: string;
}

export interface Release {
  dir: string;
  /** Every file written, relative to `dir`, sorted. */
  files: string[];
  bytes: number;
}

/** Where the release may not go: the course itself, a folder inside it, or a folder that contains it. */
function checkTarget(target: string, courseRoot: string, force: boolean): void {
  const inside = (child: string, parent: string) => {
    const rel = relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
  };
  if (inside(target, courseRoot)) {
    throw new Error(`refusing to write the release into the course itself: expected a folder outside ${courseRoot}, got ${target}`);
  }
  if (inside(courseRoot, target)) {
    throw new Error(`refusing to write the release into ${target}: it contains the course (${courseRoot}); expected a folder outside it`);
  }
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) throw new Error(`expected a folder for the release, got a file: ${target}`);
  const entries = readdirSync(target).filter((name) => !KEPT_ON_FORCE.has(name));
  if (entries.length > 0 && !force) {
    throw new Error(
      `${target} is not empty (${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''}); ` +
        'expected an empty or new folder, or --force to replace its content (its .git and node_modules are kept)',
    );
  }
}

/** package.json with only the learner's scripts; dependencies untouched so package-lock.json stays valid for npm ci. */
function studentPackageJson(text: string): string {
  const pkg = JSON.parse(text) as { scripts?: Record<string, string>; [key: string]: unknown };
  const scripts = Object.fromEntries(STUDENT_SCRIPTS.filter((name) => pkg.scripts?.[name]).map((name) => [name, pkg.scripts![name]]));
  return `${JSON.stringify({ ...pkg, scripts }, null, 2)}\n`;
}

/** tsconfig.json without the folders and paths the release does not have. */
function studentTsconfig(text: string, shipped: (path: string) => boolean): string {
  const config = JSON.parse(text) as {
    compilerOptions?: { paths?: Record<string, string[]> };
    include?: string[];
    exclude?: string[];
  };
  const present = (pattern: string) => shipped(pattern.replace(/\/\*.*$/, '').replace(/\/$/, ''));
  if (config.include) config.include = config.include.filter(present);
  if (config.exclude) config.exclude = config.exclude.filter((p) => p === 'node_modules' || present(p));
  const paths = config.compilerOptions?.paths;
  if (paths) {
    for (const key of Object.keys(paths)) {
      paths[key] = paths[key].filter(present);
      if (paths[key].length === 0) delete paths[key];
    }
  }
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Relative imports of a source file, skipping comment lines (doc examples). */
function relativeImports(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) continue;
    for (const match of line.matchAll(pattern)) found.push(match[1].replace(/\?.*$/, ''));
  }
  return found;
}

/** Builds the release in memory: relative path → content (a Buffer for copied files). */
export function releaseFiles(courseRoot: string = COURSE_ROOT): Map<string, string | Buffer> {
  const files = new Map<string, string | Buffer>();
  const copy = (path: string) => files.set(path, readFileSync(join(courseRoot, path)));

  for (const tree of SHIPPED_TREES) {
    if (!existsSync(join(courseRoot, tree))) throw new Error(`the course has no ${tree}/: expected it at ${join(courseRoot, tree)}`);
    for (const path of listFiles(join(courseRoot, tree))) {
      const full = `${tree}/${path}`;
      if (!isLeftOut(full) && !lstatSync(join(courseRoot, full)).isSymbolicLink()) copy(full);
    }
  }
  for (const path of SHIPPED_FILES) if (existsSync(join(courseRoot, path))) copy(path);

  for (const [path, content] of generateStarters(join(courseRoot, 'solutions'))) files.set(`exercises/${path}`, content);
  for (const path of listFiles(join(courseRoot, 'exercises')).filter(isAuthoredInExercises)) copy(`exercises/${path}`);

  files.set('package.json', studentPackageJson(readFileSync(join(courseRoot, 'package.json'), 'utf8')));
  for (const [template, target] of TEMPLATES) files.set(target, readFileSync(join(TEMPLATE_DIR, template), 'utf8'));
  files.set('README.md', studentReadme(files.get('README.md') as string, readFileSync(join(courseRoot, 'README.md'), 'utf8')));
  const shipped = (path: string) => path === '' || [...files.keys()].some((file) => file === path || file.startsWith(`${path}/`));
  files.set('tsconfig.json', studentTsconfig(readFileSync(join(courseRoot, 'tsconfig.json'), 'utf8'), shipped));

  checkRelease(files);
  return files;
}

/** What must hold for any release; throws naming every problem. */
export function checkRelease(files: Map<string, string | Buffer>): void {
  const problems: string[] = [];
  for (const path of files.keys()) {
    if (path.startsWith('solutions/')) problems.push(`${path}: solutions are never released`);
    if (isLeftOut(path)) problems.push(`${path}: instructor-only or local file`);
  }
  for (const [path, content] of files) {
    if (path.startsWith('exercises/') && /\.ts$/.test(path) && hasMarkers(content.toString())) {
      problems.push(`${path}: a solution marker is left in a starter`);
    }
    if (!/\.(?:ts|mts|mjs|js)$/.test(path)) continue;
    for (const specifier of relativeImports(content.toString())) {
      const target = join(dirname(path), specifier).split(sep).join('/');
      if (!files.has(target)) problems.push(`${path} imports ${specifier}, which the release does not have (${target})`);
    }
  }
  if (problems.length > 0) throw new Error(`the release would be broken:\n  ${problems.join('\n  ')}`);
}

/** Writes the release into `targetDir`. */
export function buildRelease(targetDir: string, options: ReleaseOptions = {}): Release {
  const courseRoot = resolve(options.courseRoot ?? COURSE_ROOT);
  const dir = resolve(targetDir);
  checkTarget(dir, courseRoot, options.force ?? false);
  const files = releaseFiles(courseRoot); // everything is checked before anything is written

  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (!KEPT_ON_FORCE.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
  let bytes = 0;
  for (const [path, content] of files) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    bytes += Buffer.byteLength(content);
  }
  // Keep the executable bit of shipped scripts (e.g. a shell script under grader/).
  for (const path of files.keys()) {
    const source = join(courseRoot, path);
    if (existsSync(source) && statSync(source).mode & 0o111) chmodSync(join(dir, path), 0o755);
  }
  return { dir, files: [...files.keys()].sort(), bytes };
}

export function main(argv: string[]): number {
  const program = new Command()
    .name('npm run release --')
    .description('Write the student repository: lessons, library, generated starters, grader with public suites, student README and workflow.')
    .argument('<dir>', 'an empty or new folder outside the course')
    .option('--force', 'replace the content of a non-empty folder (its .git and node_modules are kept)')
    .showHelpAfterError()
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    if (typeof code !== 'number') throw error;
    return code === 0 ? 0 : 2;
  }
  const [dir] = program.args;
  try {
    const release = buildRelease(dir, { force: program.opts<{ force?: boolean }>().force });
    console.log(`Wrote the student release to ${release.dir}: ${release.files.length} files, ${(release.bytes / 1024).toFixed(0)} KiB.`);
    console.log(`Next: cd ${relative(process.cwd(), release.dir) || '.'} && npm ci && npm test && npm run grade`);
    return 0;
  } catch (error) {
    console.error(`npm run release: ${(error as Error).message}`);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
