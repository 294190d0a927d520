// The probe harness: the only grader code that runs in the submission's process. It reads probe
// requests from fd 3 (a socket the judge holds the other end of), runs each probe — a function
// whose source text the judge sends — against the exercise's files, and writes back plain data.
// It holds no seed, no expected value and no verdict; whatever it (or the submission, which can
// rewrite anything here) sends is only data for the judge to check.
//
// Usage (by the judge): node --import <register.mjs> harness.ts <exercise dir> <lib entry>
import net from 'node:net';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WIRE_LIMITS, decode, encode, type ProbeRequest, type RemoteErrorInfo, type SandboxMessage } from './codec.ts';

const [exerciseDir, libEntry] = process.argv.slice(2);
const channel = new net.Socket({ fd: 3, readable: true, writable: true });

function send(message: SandboxMessage): Promise<void> {
  let line = JSON.stringify(message);
  if (line.length > WIRE_LIMITS.maxLineLength && message.event === 'result') {
    line = JSON.stringify({ event: 'result', id: message.id, ok: false, error: { name: 'RangeError', message: `the result is too large to send (${line.length} characters of JSON)`, phase: 'call' } });
  }
  return new Promise((resolve) => channel.write(line + '\n', () => resolve()));
}

/** An exercise file that could not be imported; the probe's caller reports it as a load error. */
class LoadFailure {
  constructor(readonly module: string, readonly cause: unknown) {}
}

function text(value: unknown, limit: number): string {
  try {
    return String(value).slice(0, limit);
  } catch {
    return '(unprintable)';
  }
}

/** The first stack frame inside the exercise folder, as "file.ts:line". */
function whereIn(stack: string): string | undefined {
  for (const line of stack.split('\n')) {
    const at = line.indexOf(exerciseDir + sep);
    if (at < 0) continue;
    const match = /^([^:)]+):(\d+)/.exec(line.slice(at + exerciseDir.length + 1));
    if (match) return `${match[1]}:${match[2]}`;
  }
  return undefined;
}

function describeError(error: unknown, phase: 'load' | 'call'): RemoteErrorInfo {
  try {
    if (error instanceof Error) {
      const where = whereIn(text(error.stack, 20_000));
      return { name: text(error.name, 60), message: text(error.message, 2_000), phase, ...(where ? { where } : {}) };
    }
    const shown = typeof error === 'string' ? JSON.stringify(error.slice(0, 80)) : typeof error === 'number' || typeof error === 'boolean' ? String(error) : error === null ? 'null' : `a value of type ${typeof error}`;
    return { name: 'non-error', message: shown, phase };
  } catch {
    return { name: 'non-error', message: 'threw a value that could not be described', phase };
  }
}

const lib: unknown = await import(pathToFileURL(libEntry).href);
const mlMatrix = (await import('ml-matrix')) as { Matrix: unknown };
// esbuild's keepNames helper, in case a probe's source was transformed with it.
(globalThis as Record<string, unknown>).__name ??= (target: unknown) => target;

async function runProbe(request: ProbeRequest): Promise<SandboxMessage> {
  const poisoned = new Set(request.poisoned);
  const load = async (file: string): Promise<unknown> => {
    const path = normalize(join(exerciseDir, file));
    const rel = relative(exerciseDir, path);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new LoadFailure(file, new Error(`not a file of this exercise: ${file}`));
    if (!existsSync(path)) {
      const missing = new Error(`${rel}: the exercise file is missing`);
      missing.name = 'MissingFile';
      throw new LoadFailure(rel, missing);
    }
    if (poisoned.has(rel)) throw new LoadFailure(rel, new Error('did not finish loading earlier in this run (poisoned)'));
    await send({ event: 'loading', id: request.id, module: rel });
    try {
      const module: unknown = await import(pathToFileURL(path).href);
      await send({ event: 'loaded', id: request.id, module: rel });
      return module;
    } catch (error) {
      throw new LoadFailure(rel, error);
    }
  };
  try {
    const probe = (0, eval)(`(${request.source})`) as (context: unknown, input: unknown) => unknown;
    const value = await probe({ load, lib, Matrix: mlMatrix.Matrix }, decode(request.input));
    return { event: 'result', id: request.id, ok: true, value: encode(value) };
  } catch (error) {
    if (error instanceof LoadFailure) {
      const info = describeError(error.cause, 'load');
      const message = info.message.startsWith(error.module) ? info.message : `${error.module}: ${info.message}`;
      return { event: 'result', id: request.id, ok: false, error: { ...info, message } };
    }
    return { event: 'result', id: request.id, ok: false, error: describeError(error, 'call') };
  }
}

// A stray asynchronous throw of the submission's must not end the process between probes.
process.on('uncaughtException', (error) => process.stderr.write(`uncaught: ${text(error, 500)}\n`));
process.on('unhandledRejection', () => undefined);

const lines = createInterface({ input: channel, crlfDelay: Infinity });
await send({ event: 'ready' });
for await (const line of lines) {
  let request: ProbeRequest;
  try {
    request = JSON.parse(line) as ProbeRequest;
  } catch {
    continue;
  }
  await send(await runProbe(request));
}
process.exit(0);
