// Permission mode only: a go-between, so the sandboxed process's parent is not the grader.
// `process.kill(process.ppid)` then ends this launcher (and with it the sandbox, which the judge
// sees die), not the grading run. Usage: node launcher.mjs <command> <args...>
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: [0, 1, 2, 3] });
child.on('exit', (code, signal) => process.exit(signal ? 1 : code ?? 1));
child.on('error', () => process.exit(1));
