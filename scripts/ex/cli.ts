// `npm run ex -- <id>` runs exercises/<id>/run.ts as a program (training, numbers, pictures).
// `--solution` runs the reference solution instead; `--out DIR` chooses the picture folder.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { resolveId } from '../course/resolve-id.ts';

const root = resolve(import.meta.dirname, '..', '..');
const program = new Command()
  .name('npm run ex --')
  .description('Run an exercise as a program: it trains, prints its numbers and writes its pictures.')
  .argument('[exercise]', 'exercise id or part of it, e.g. 04 or sine')
  .option('--solution', 'run the reference solution instead of your exercise')
  .option('--out <dir>', 'folder for the pictures', 'out')
  .showHelpAfterError();
program.parse();
const [wanted] = program.args;
const opts = program.opts<{ solution?: boolean; out: string }>();

const base = join(root, opts.solution ? 'solutions' : 'exercises');
const ids = readdirSync(base, { withFileTypes: true })
  .filter((e) => e.isDirectory() && /^\d\d-/.test(e.name))
  .map((e) => e.name)
  .sort();
if (!wanted) {
  console.log(`Usage: npm run ex -- <exercise>\n\nExercises:\n${ids.map((id) => `  ${id}`).join('\n')}`);
  process.exit(0);
}
const found = resolveId(wanted, ids, 'exercise');
if (!found.ok) {
  console.error(found.message);
  process.exit(2);
}
const id = found.id;
const entry = join(base, id, 'run.ts');
if (!existsSync(entry)) {
  console.error(`${id} has no run.ts: it is not a program to run. Grade it with: npm run grade -- ${id}`);
  process.exit(2);
}
const outDir = resolve(opts.out, id);
const mod = (await import(pathToFileURL(entry).href)) as { main: (o: { outDir: string }) => Promise<void> };
try {
  await mod.main({ outDir });
} catch (error) {
  const e = error as Error;
  if (e?.name === 'NotImplementedError') {
    console.error(`\n${e.message}\n→ exercises/${id}/README.md 를 읽고 표시된 부분을 구현하세요 (implement the marked parts first).`);
    process.exit(1);
  }
  throw error;
}
