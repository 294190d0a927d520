// `npm run starters` regenerates exercises/ from the marked solutions (see markers.ts for the format);
// `npm run starters -- --check` only compares, names every file that differs and exits 1 if any does.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { MarkerError } from './markers.ts';
import { EXERCISES_DIR, SOLUTIONS_DIR, compareStarters, writeStarters } from './starters.ts';

export { generateStarters, writeStarters, compareStarters } from './starters.ts';

/** Runs the command line; returns the exit code (0 in step / written, 1 differences found, 2 bad input). */
export function main(argv: string[]): number {
  const program = new Command()
    .name('npm run starters --')
    .description('Generate the starter files of exercises/ from the marked reference solutions in solutions/.')
    .option('--check', 'only compare exercises/ with the generated starters; exit 1 if they differ')
    .option('--solutions <dir>', 'the marked solutions', SOLUTIONS_DIR)
    .option('--exercises <dir>', 'where the starters go', EXERCISES_DIR)
    .showHelpAfterError()
    .exitOverride();
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{ check?: boolean; solutions: string; exercises: string }>();
  const solutionsDir = resolve(opts.solutions);
  const exercisesDir = resolve(opts.exercises);
  const show = (dir: string) => relative(process.cwd(), dir) || '.';

  try {
    if (opts.check) {
      const differences = compareStarters(exercisesDir, solutionsDir);
      if (differences.length === 0) {
        console.log(`${show(exercisesDir)}/ is in step with the starters generated from ${show(solutionsDir)}/.`);
        return 0;
      }
      console.error(`${show(exercisesDir)}/ differs from the starters generated from ${show(solutionsDir)}/:`);
      for (const { path, problem } of differences) console.error(`  ${problem}: ${path}`);
      console.error('Run `npm run starters` to regenerate them (a file only in exercises/ must be removed by hand or added to solutions/).');
      return 1;
    }
    if (!existsSync(exercisesDir)) console.log(`Creating ${show(exercisesDir)}/.`);
    const written = writeStarters(exercisesDir, solutionsDir);
    for (const path of written) console.log(`  wrote ${show(exercisesDir)}/${path}`);
    console.log(`${written.length} starter file(s) written, the others already in step.`);
    const extra = compareStarters(exercisesDir, solutionsDir).filter((d) => d.problem === 'only in exercises');
    for (const { path } of extra) console.warn(`  warning: ${show(exercisesDir)}/${path} has no solution file; left as it is`);
    return 0;
  } catch (error) {
    if (error instanceof MarkerError || (error instanceof Error && error.message.includes('expected a directory'))) {
      console.error(`npm run starters: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    // commander's exitOverride: it has already printed the usage problem.
    const code = (error as { exitCode?: number }).exitCode;
    if (typeof code !== 'number') throw error;
    process.exitCode = code === 0 ? 0 : 2;
  }
}
