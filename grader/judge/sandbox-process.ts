// One sandboxed process and the judge's hold on it. Every limit is enforced from here, outside
// the process: a deadline per call (a stopped process is still running, so SIGSTOP buys
// nothing), resident memory polled from /proc, a cap on each message and on printed output.
// Everything the process sends is parsed as untrusted data.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import { WIRE_LIMITS, WireError, decode, type Plain, type ProbeRequest, type RemoteErrorInfo } from '../sandbox/codec.ts';
import type { Launch } from './isolation.ts';

export interface SandboxLimits {
  /** Time for the harness to start (loads only the library: not the submission's time). */
  startTimeoutMs: number;
  /** Resident memory of the whole process tree (MB). */
  memoryMb: number;
  /** Printed output kept (bytes); the rest is counted and dropped. */
  outputBytes: number;
}

export type KillReason = 'timeout' | 'memory' | 'too-large' | 'protocol' | 'died' | 'start';

export type CallResult =
  | { kind: 'value'; value: Plain }
  | { kind: 'error'; error: RemoteErrorInfo }
  | { kind: 'killed'; why: KillReason; detail: string; loading?: string };

/** Resident memory (kB) of a process and all its descendants, from /proc (Linux only; 0 elsewhere). */
function treeRssKb(root: number): number {
  if (process.platform !== 'linux') return 0;
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+)/.exec(status);
      if (match) total += Number(match[1]);
    } catch {
      // Gone.
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

interface Pending {
  id: number;
  resolve: (result: CallResult) => void;
}

export class SandboxProcess {
  private readonly child: ChildProcess;
  private readonly channel: Duplex;
  private buffer = '';
  private output = '';
  private droppedOutput = 0;
  private pending: Pending | null = null;
  private loading: string | undefined;
  private exited = false;
  private killedFor: { why: KillReason; detail: string } | null = null;
  private readonly ready: Promise<boolean>;
  private markReady: (ok: boolean) => void = () => undefined;

  constructor(launch: Launch, private readonly limits: SandboxLimits) {
    this.ready = new Promise((resolve) => { this.markReady = resolve; });
    this.child = spawn(launch.command, launch.args, {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      env: launch.env,
      cwd: launch.cwd,
      detached: true, // its own process group, so one kill reaches whatever it started
    });
    this.channel = this.child.stdio[3] as Duplex;
    this.channel.on('data', (chunk: Buffer) => this.onData(chunk));
    this.channel.on('error', () => undefined);
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.on('data', (chunk: Buffer) => this.onOutput(chunk));
    }
    this.child.on('error', (error) => this.onExit(`could not start: ${error.message}`));
    this.child.on('exit', (code, signal) => this.onExit(signal ? `ended by ${signal}` : `exited with code ${code}`));
  }

  get alive(): boolean {
    return !this.exited && this.killedFor === null;
  }

  /** What the process printed (capped), for the report. */
  printed(): { text: string; dropped: number } {
    return { text: this.output, dropped: this.droppedOutput };
  }

  private onOutput(chunk: Buffer): void {
    const room = this.limits.outputBytes - this.output.length;
    if (room > 0) this.output += chunk.toString('utf8', 0, Math.min(chunk.length, room));
    this.droppedOutput += Math.max(0, chunk.length - Math.max(0, room));
  }

  private onData(chunk: Buffer): void {
    if (!this.alive) return;
    // Look for line ends in the new chunk only: rescanning a growing buffer would be quadratic.
    let text = chunk.toString('utf8');
    let newline: number;
    while ((newline = text.indexOf('\n')) >= 0) {
      const line = this.buffer + text.slice(0, newline);
      this.buffer = '';
      text = text.slice(newline + 1);
      this.onLine(line);
      if (!this.alive) return;
    }
    this.buffer += text;
    if (this.buffer.length > WIRE_LIMITS.maxLineLength) {
      this.buffer = '';
      this.kill('too-large', `sent a message longer than ${WIRE_LIMITS.maxLineLength} characters`);
    }
  }

  private onLine(line: string): void {
    let message: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      message = parsed as Record<string, unknown>;
    } catch {
      return this.kill('protocol', 'sent something that is not a message');
    }
    const event = message.event;
    if (event === 'ready') return this.markReady(true);
    if (!this.pending || message.id !== this.pending.id) return; // stale or forged for another call: ignore
    if (event === 'loading' && typeof message.module === 'string') {
      this.loading = message.module.slice(0, 200);
      return;
    }
    if (event === 'loaded') {
      this.loading = undefined;
      return;
    }
    if (event !== 'result') return this.kill('protocol', 'sent an unknown message');
    const pending = this.pending;
    this.pending = null;
    if (message.ok === true) {
      try {
        pending.resolve({ kind: 'value', value: decode(message.value) });
      } catch (error) {
        pending.resolve({ kind: 'killed', why: 'too-large', detail: `its result was refused: ${error instanceof WireError ? error.message : 'malformed'}` });
        this.kill('protocol', 'sent a malformed result');
      }
      return;
    }
    pending.resolve({ kind: 'error', error: remoteError(message.error) });
  }

  private onExit(detail: string): void {
    if (this.exited) return;
    this.exited = true;
    this.markReady(false);
    const why = this.killedFor ?? { why: 'died' as const, detail: `the process ${detail}` };
    this.settle({ kind: 'killed', why: why.why, detail: why.detail, ...(this.loading ? { loading: this.loading } : {}) });
  }

  private settle(result: CallResult): void {
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(result);
  }

  /** Ends the process (and its group) at once. */
  kill(why: KillReason = 'died', detail = 'stopped by the grader'): void {
    if (this.killedFor === null && !this.exited) this.killedFor = { why, detail };
    const loading = this.loading;
    try {
      if (this.child.pid) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    this.child.kill('SIGKILL');
    if (this.killedFor) this.settle({ kind: 'killed', why: this.killedFor.why, detail: this.killedFor.detail, ...(loading ? { loading } : {}) });
  }

  /** Runs one probe; resolves with its value, its thrown error, or why the process had to be killed. */
  async call(request: ProbeRequest, timeoutMs: number): Promise<CallResult> {
    const started = await Promise.race([
      this.ready,
      new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), this.limits.startTimeoutMs).unref()),
    ]);
    if (started !== true) {
      this.kill('start', started === 'late' ? `the sandbox did not start within ${this.limits.startTimeoutMs} ms` : 'the sandbox could not start');
      return { kind: 'killed', why: 'start', detail: started === 'late' ? 'the sandbox did not start in time' : `the sandbox could not start${this.output ? `: ${this.output.slice(0, 300)}` : ''}` };
    }
    if (!this.alive) return { kind: 'killed', why: this.killedFor?.why ?? 'died', detail: this.killedFor?.detail ?? 'the process had ended' };
    this.loading = undefined;
    const result = new Promise<CallResult>((resolve) => { this.pending = { id: request.id, resolve }; });
    this.channel.write(JSON.stringify(request) + '\n');
    const deadline = setTimeout(() => this.kill('timeout', `did not finish within ${timeoutMs / 1000} s`), timeoutMs);
    const memoryWatch = setInterval(() => {
      const rssMb = this.child.pid ? treeRssKb(this.child.pid) / 1024 : 0;
      if (rssMb > this.limits.memoryMb) this.kill('memory', `used more than ${this.limits.memoryMb} MB of memory`);
    }, 150);
    try {
      return await result;
    } finally {
      clearTimeout(deadline);
      clearInterval(memoryWatch);
    }
  }
}

function remoteError(raw: unknown): RemoteErrorInfo {
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const str = (value: unknown, limit: number) => (typeof value === 'string' ? value.slice(0, limit) : '');
  return {
    name: str(record.name, 60).replace(/[^A-Za-z0-9_$-]/g, '') || 'Error',
    message: str(record.message, 2_000),
    phase: record.phase === 'load' ? 'load' : 'call',
    ...(typeof record.where === 'string' && /^[\w./-]{1,120}:\d{1,6}$/.test(record.where) ? { where: record.where } : {}),
  };
}
