// Where a workload's time goes: runs it once under V8's sampling profiler and prints the
// functions with the most self time (the numbers behind a missed speed target).
//
//   npx tsx scripts/bench/profile.ts lstm-h128 [steps]     # RNN_BACKEND=js … to profile another backend
import { Session } from 'node:inspector/promises';
import { getBackend } from '../../lib/backend/backend.ts';
import { WORKLOADS, runWorkload } from './workloads.ts';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const name = process.argv[2] ?? 'sine';
const workload = WORKLOADS.find((w) => w.name === name);
if (!workload) throw new Error(`profile: unknown workload '${name}'. Expected one of ${WORKLOADS.map((w) => w.name).join(', ')}`);
const steps = process.argv[3] ? Number(process.argv[3]) : workload.steps;

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
await session.post('Profiler.start');
const result = runWorkload({ ...workload, steps });
const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
session.disconnect();

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfTime = new Map<string, number>();
profile.samples.forEach((id, i) => {
  const frame = byId.get(id)!.callFrame;
  const file = frame.url.split('/').pop() || '(native)';
  const key = `${frame.functionName || '(anonymous)'} ${file}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
  selfTime.set(key, (selfTime.get(key) ?? 0) + profile.timeDeltas[i]);
});
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
console.log(`${name} on ${getBackend().name}: ${result.msPerStep.toFixed(2)} ms/step over ${steps} steps (profiled, so slower than the bench)`);
for (const [key, us] of [...selfTime.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(1).padStart(8)} ms  ${key}`);
}
