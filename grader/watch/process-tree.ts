// Ending a grading process and everything it started. The sandboxes a grading starts run in process
// groups of their own (grader/judge/sandbox-process.ts), so a kill of the grading's group would miss
// them; instead the grading process is frozen (SIGSTOP: it cannot start anything more), every process
// below it is found through /proc and killed, and then the grading itself gets SIGTERM (its handler
// removes its run folder) and SIGCONT, with SIGKILL if it has not ended after a grace period.
import { readdirSync, readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

/** Live (not zombie) processes below `root`, from /proc (Linux; empty elsewhere). */
export function descendants(root: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || state === 'X') continue;
      const list = children.get(Number(ppid)) ?? [];
      list.push(Number(entry));
      children.set(Number(ppid), list);
    } catch {
      // It ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Ends `child` and every process below it; resolves once `child` has exited. */
export async function endProcessTree(child: ChildProcess, graceMs = 2000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || exited(child)) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  send(pid, 'SIGSTOP');
  for (let round = 0; round < 5; round++) {
    const below = descendants(pid);
    if (below.length === 0) break;
    for (const process of below) send(process, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  send(pid, 'SIGTERM');
  send(pid, 'SIGCONT');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), graceMs); });
  if ((await Promise.race([gone, late])) === 'late') {
    for (const process of descendants(pid)) send(process, 'SIGKILL');
    send(-pid, 'SIGKILL'); // its own process group (it is started detached)
    send(pid, 'SIGKILL');
    await gone;
  }
  clearTimeout(timer);
}
