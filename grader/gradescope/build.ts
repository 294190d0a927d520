// npm run gradescope -- <zip> [--suites <dir>] [--force]
// Builds a Gradescope autograder package: setup.sh and run_autograder at the top (from
// grader/gradescope/package/), next to the course minus solutions/ and tests — the library, the grader
// with its suites, package.json, the lockfile, tsconfig.json. Gradescope unzips it into
// /autograder/source, runs setup.sh once, then run_autograder for every submission.
// --suites <dir> adds an instructor's private suites (as private-suites/, passed to the grader).
import AdmZip from 'adm-zip';
import { Command, CommanderError } from 'commander';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COURSE_ROOT } from '../class/grade-one.ts';

export const PACKAGE_SCRIPTS = ['setup.sh', 'run_autograder'];
const TOP_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'vitest.config.ts'];
const TREES = ['lib', 'grader'];
export const PRIVATE_SUITES_DIR = 'private-suites';
/** Settings of the package, read by run.ts: { exercises: string[] } (all when empty). */
export const CONFIG_FILE = 'autograder.json';

/** What the package leaves out: tests and their fixtures, instructor tools' tests, local leftovers. */
export function isLeftOut(path: string): boolean {
  if (/(^|\/)(node_modules|\.grade|out|coverage|\.git)(\/|$)/.test(path)) return true;
  if (/(^|\/)\.DS_Store$|\.log$/.test(path)) return true;
  if (path.startsWith('grader/test/') || path.startsWith('lib/test/') || path.startsWith('grader/gradescope/package/')) return true;
  // Test files, except the grading suites themselves.
  if (/\.test\.ts$/.test(path) && !path.startsWith('grader/suites/')) return true;
  if (path === 'grader/class/make-synthetic-class.ts') return true;
  return false;
}

function listTree(root: string, relative: string, out: string[]): void {
  for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
    const path = `${relative}/${entry.name}`;
    if (isLeftOut(path)) continue;
    if (entry.isDirectory()) listTree(root, path, out);
    else if (entry.isFile()) out.push(path);
  }
}

export function nodeVersionFor(version = process.versions.node): string {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 20 || (major === 20 && minor >= 19) ? version : '20.19.0';
}

export interface PackageOptions {
  zip: string;
  courseRoot?: string;
  privateSuites?: string;
  /** Grade only these exercise ids (one Gradescope assignment per exercise); all when empty. */
  exercises?: string[];
}

export interface BuiltPackage {
  zip: string;
  files: string[];
  bytes: number;
}

export function buildPackage(options: PackageOptions): BuiltPackage {
  const courseRoot = options.courseRoot ?? COURSE_ROOT;
  const zip = new AdmZip();
  const files: string[] = [];
  // adm-zip takes the Unix permission bits and adds the file type itself.
  const executable = 0o755;
  const regular = 0o644;

  for (const name of PACKAGE_SCRIPTS) {
    let text = readFileSync(join(courseRoot, 'grader', 'gradescope', 'package', name), 'utf8');
    text = text.replaceAll('__NODE_VERSION__', nodeVersionFor());
    zip.addFile(name, Buffer.from(text), '', executable);
    files.push(name);
  }
  const config = { exercises: options.exercises ?? [] };
  zip.addFile(CONFIG_FILE, Buffer.from(JSON.stringify(config, null, 1) + '\n'), '', regular);
  files.push(CONFIG_FILE);
  const paths: string[] = [];
  for (const name of TOP_FILES) if (existsSync(join(courseRoot, name))) paths.push(name);
  for (const tree of TREES) listTree(courseRoot, tree, paths);
  for (const path of paths) {
    zip.addFile(path, readFileSync(join(courseRoot, path)), '', regular);
    files.push(path);
  }
  if (options.privateSuites) {
    const dir = resolve(options.privateSuites);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`--suites: expected a folder of *.test.ts suites, got '${options.privateSuites}'`);
    const suites: string[] = [];
    const walk = (relative: string): void => {
      for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
        const path = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
        if (entry.isDirectory()) walk(path);
        else if (entry.isFile()) suites.push(path);
      }
    };
    walk('');
    if (!suites.some((path) => path.endsWith('.test.ts'))) throw new Error(`--suites: expected *.test.ts files in '${options.privateSuites}', got none`);
    for (const path of suites) {
      zip.addFile(`${PRIVATE_SUITES_DIR}/${path}`, readFileSync(join(dir, path)), '', regular);
      files.push(`${PRIVATE_SUITES_DIR}/${path}`);
    }
  }
  if (files.some((path) => path.startsWith('solutions/'))) throw new Error('internal error: solutions/ must never be packaged');
  const target = resolve(options.zip);
  mkdirSync(dirname(target), { recursive: true });
  zip.writeZip(target);
  return { zip: target, files: files.sort(), bytes: statSync(target).size };
}

export function main(argv: string[], io: { stdout: (text: string) => void; stderr: (text: string) => void }): number {
  let parsed: { zip: string; suites?: string; force?: boolean; exercises?: string } | undefined;
  const program = new Command('gradescope')
    .description('Build a Gradescope autograder package (setup.sh, run_autograder and the course without solutions).')
    .argument('<zip>', 'the .zip file to write')
    .option('--suites <dir>', 'add an instructor\'s private suites (*.test.ts) to the package')
    .option('--exercises <ids>', 'grade only these exercises, e.g. 04 or 04,05 (one assignment per exercise)')
    .option('--force', 'overwrite an existing file')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .action((zip: string, flags: { suites?: string; force?: boolean; exercises?: string }) => {
      parsed = { zip, ...flags };
    });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  if (!parsed) return 0;
  if (!parsed.zip.endsWith('.zip')) {
    io.stderr(`gradescope: expected a file name ending in .zip, got '${parsed.zip}'\n`);
    return 2;
  }
  if (existsSync(parsed.zip) && (lstatSync(parsed.zip).isDirectory() || !parsed.force)) {
    io.stderr(`gradescope: '${parsed.zip}' already exists; expected a new file name (or --force to overwrite a file)\n`);
    return 2;
  }
  const exercises = parsed.exercises?.split(',').map((id) => id.trim()).filter((id) => id !== '') ?? [];
  if (parsed.exercises !== undefined && (exercises.length === 0 || exercises.some((id) => !/^[A-Za-z0-9-]+$/.test(id)))) {
    io.stderr(`gradescope: --exercises: expected exercise ids separated by commas, such as 04,05, got '${parsed.exercises}'\n`);
    return 2;
  }
  try {
    const built = buildPackage({ zip: parsed.zip, exercises, ...(parsed.suites ? { privateSuites: parsed.suites } : {}) });
    const count = (prefix: string) => built.files.filter((path) => path.startsWith(prefix)).length;
    io.stdout(`wrote ${built.zip} (${(built.bytes / 1024).toFixed(0)} KiB, ${built.files.length} files: setup.sh, run_autograder, `
      + `lib/ ${count('lib/')}, grader/ ${count('grader/')} with ${count('grader/suites/')} in grader/suites/`
      + `${exercises.length ? `, grading only ${exercises.join(', ')}` : ''}`
      + `${count(`${PRIVATE_SUITES_DIR}/`) ? `, ${count(`${PRIVATE_SUITES_DIR}/`)} private suite files` : ''}; no solutions/, no tests)\n`
      + 'upload it as the autograder of a Gradescope programming assignment (Ubuntu 22.04 base image)\n');
    return 0;
  } catch (error) {
    io.stderr(`gradescope: ${(error as Error).message}\n`);
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
