// `npm run hint -- <id>`: reveal the next hint level of an exercise's first failing check (cli-main.ts).
// Exit codes: 0 done, 2 the command could not run.
import { main, EXIT_FAILED } from './cli-main.ts';

// Leave through process.exit on Ctrl-C or a kill, so the grading workspace is removed.
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`hint: could not run: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = EXIT_FAILED;
  },
);
