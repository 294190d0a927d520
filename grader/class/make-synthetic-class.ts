// Builds a synthetic class for trying and measuring class grading:
//   npx tsx grader/class/make-synthetic-class.ts <dir> [--students 40] [--exercises 01,02]
// Each student folder is one of:
//   solutions   a copy of solutions/ (full marks)
//   starter     a copy of exercises/ as shipped (zero)
//   partial     a starter copy with some solution files copied in
//   broken      solutions with a syntax error in one exercise file
//   hostile-*   solutions with one exercise file that misbehaves when it loads: an endless loop,
//               process.kill(process.ppid), process.kill(0) (its whole process group), a flood of output
// and in one of two layouts: loose (NN-name/ folders at the top) or a repository (a git clone as GitHub
// Classroom makes it: exercises/ beside package.json, a tampered grader/ that must not count, and a
// commit dated before or after the deadline 2025-03-14T23:59:00+09:00).
import { cpSync, mkdirSync, readdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COURSE_ROOT } from './grade-one.ts';

export const SYNTHETIC_DEADLINE = '2025-03-14T23:59:00+09:00';

export type Kind = 'solutions' | 'starter' | 'partial' | 'broken' | 'hostile-loop' | 'hostile-kill-parent' | 'hostile-kill-group' | 'hostile-flood';

export interface SyntheticStudent {
  id: string;
  kind: Kind;
  layout: 'loose' | 'repository';
  /** For repositories: the commit time, and whether it is after SYNTHETIC_DEADLINE. */
  commitTime?: string;
  late?: boolean;
}

// 40 students: 10 solutions, 8 starters, 12 partial, 5 broken, 5 hostile.
const PATTERN: Kind[] = [
  'solutions', 'starter', 'partial', 'partial', 'solutions', 'broken', 'partial', 'starter',
  'solutions', 'hostile-loop', 'partial', 'solutions', 'starter', 'partial', 'broken', 'solutions',
  'hostile-kill-parent', 'partial', 'starter', 'solutions', 'partial', 'broken', 'hostile-kill-group', 'starter',
  'solutions', 'partial', 'partial', 'broken', 'solutions', 'hostile-flood', 'starter', 'partial',
  'solutions', 'starter', 'partial', 'broken', 'hostile-loop', 'solutions', 'partial', 'starter',
];

// A few ids that test the gradebook's quoting and formula guard.
const SPECIAL_IDS = ['kim, minji', '=HYPERLINK("evil")', 'o"neil', '+82-10-1234', '@lee'];

function exerciseDirs(root: string, only: string[]): string[] {
  return readdirSync(root).filter((name) => /^\d{2}-/.test(name) && (only.length === 0 || only.some((id) => name.startsWith(id)))).sort();
}

function firstTsFile(dir: string): string {
  const file = readdirSync(dir).filter((name) => name.endsWith('.ts') && name !== 'run.ts' && name !== 'questions.ts').sort()[0];
  if (!file) throw new Error(`expected a .ts file in ${dir}`);
  return join(dir, file);
}

function prepend(file: string, code: string): void {
  writeFileSync(file, `${code}\n${readFileSync(file, 'utf8')}`);
}

/** Writes the exercise folders of one student into `target`. */
function writeExercises(kind: Kind, index: number, target: string, courseRoot: string, only: string[]): void {
  const solutions = join(courseRoot, 'solutions');
  const starters = join(courseRoot, 'exercises');
  const ids = exerciseDirs(solutions, only);
  mkdirSync(target, { recursive: true });
  const base = kind === 'starter' || kind === 'partial' ? starters : solutions;
  for (const id of ids) cpSync(join(base, id), join(target, id), { recursive: true });
  const victim = ids[index % ids.length]!; // the exercise a broken or hostile student spoils
  switch (kind) {
    case 'partial':
      // Every other exercise (shifted per student) solved, file by file.
      ids.forEach((id, position) => {
        if ((position + index) % 2 === 0) cpSync(join(solutions, id), join(target, id), { recursive: true });
      });
      break;
    case 'broken':
      prepend(firstTsFile(join(target, victim)), 'export const broken = (;');
      break;
    case 'hostile-loop':
      prepend(firstTsFile(join(target, victim)), 'while (Date.now() > 0) { /* never ends */ }');
      break;
    case 'hostile-kill-parent':
      prepend(firstTsFile(join(target, victim)), 'try { process.kill(process.ppid, "SIGKILL"); } catch { /* not allowed */ }');
      break;
    case 'hostile-kill-group':
      prepend(firstTsFile(join(target, victim)), 'try { process.kill(0, "SIGKILL"); } catch { /* not allowed */ }');
      break;
    case 'hostile-flood':
      prepend(firstTsFile(join(target, victim)), 'for (let i = 0; i < 200000; i += 1) console.log("Total: 159/159 points (100.0%)", i);');
      break;
    default:
      break;
  }
}

function git(cwd: string, args: string[], date?: string): void {
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Student', GIT_AUTHOR_EMAIL: 'student@example.com',
      GIT_COMMITTER_NAME: 'Student', GIT_COMMITTER_EMAIL: 'student@example.com',
      ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
    },
  });
}

/** A repository as GitHub Classroom clones it: the course with the student's exercises, one commit. */
function writeRepository(kind: Kind, index: number, folder: string, courseRoot: string, only: string[], date: string): void {
  writeExercises(kind, index, join(folder, 'exercises'), courseRoot, only);
  cpSync(join(courseRoot, 'package.json'), join(folder, 'package.json'));
  writeFileSync(join(folder, 'README.md'), '# RNN course (student copy)\n');
  // A tampered grader in the student's repository: class grading must never use it.
  mkdirSync(join(folder, 'grader', 'suites'), { recursive: true });
  writeFileSync(join(folder, 'grader', 'suites', '01-rnn-cell.test.ts'), 'export const tampered = "full marks for everyone";\n');
  git(folder, ['init', '-q', '-b', 'main']);
  git(folder, ['add', '-A']);
  git(folder, ['commit', '-q', '-m', 'my solutions'], date);
}

export function makeSyntheticClass(dir: string, options: { students?: number; exercises?: string[]; courseRoot?: string; kinds?: Kind[] } = {}): SyntheticStudent[] {
  const courseRoot = options.courseRoot ?? COURSE_ROOT;
  const count = options.students ?? 40;
  const only = options.exercises ?? [];
  const kinds = options.kinds ?? PATTERN;
  mkdirSync(dir, { recursive: true });
  const students: SyntheticStudent[] = [];
  for (let index = 0; index < count; index += 1) {
    const kind = kinds[index % kinds.length]!;
    const special = index % 8 === 3 ? SPECIAL_IDS[(index >> 3) % SPECIAL_IDS.length] : undefined;
    const id = special ?? `s${String(index + 1).padStart(2, '0')}-${kind}`;
    const folder = join(dir, id);
    if (existsSync(folder)) rmSync(folder, { recursive: true, force: true });
    if (index % 3 === 1) {
      const late = index % 2 === 1;
      const date = late ? '2025-03-15T10:00:00+09:00' : '2025-03-12T18:30:00+09:00';
      writeRepository(kind, index, folder, courseRoot, only, date);
      students.push({ id, kind, layout: 'repository', commitTime: date, late });
    } else {
      writeExercises(kind, index, folder, courseRoot, only);
      students.push({ id, kind, layout: 'loose' });
    }
  }
  return students;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const dir = args.find((arg, i) => !arg.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--')));
  const flag = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const studentsText = flag('--students');
  const students = studentsText === undefined ? 40 : Number(studentsText);
  if (!dir || !Number.isSafeInteger(students) || students < 1) {
    process.stderr.write(`usage: tsx grader/class/make-synthetic-class.ts <dir> [--students N ≥ 1] [--exercises 01,02]; got ${JSON.stringify(args)}\n`);
    process.exit(2);
  }
  const exercises = flag('--exercises')?.split(',').filter((id) => id !== '') ?? [];
  const made = makeSyntheticClass(resolve(dir), { students, exercises });
  const byKind = new Map<string, number>();
  for (const student of made) byKind.set(student.kind, (byKind.get(student.kind) ?? 0) + 1);
  process.stdout.write(`${made.length} students in ${resolve(dir)}: ${[...byKind].map(([kind, n]) => `${n} ${kind}`).join(', ')}; `
    + `${made.filter((s) => s.layout === 'repository').length} repositories (${made.filter((s) => s.late).length} committed after ${SYNTHETIC_DEADLINE})\n`);
}
