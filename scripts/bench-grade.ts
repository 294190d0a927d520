// `npm run bench:grade`: how long grading takes — the whole course on the reference solutions and
// each exercise alone — as the median of several runs, with the isolation mode named. The
// targets (issue 8): whole run ≤ 15 s and one exercise ≤ 4 s on a 2-core machine.
import { Command } from 'commander';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { COURSE_ROOT, runGrade } from '../grader/run.ts';

const program = new Command('bench:grade')
  .option('--repeats <n>', 'runs per measurement (median reported)', (v) => Number(v), 3)
  .option('--isolation <mode>', 'auto, bwrap, unshare or permission', 'auto')
  .parse();
const { repeats, isolation } = program.opts<{ repeats: number; isolation: string }>();
const solutions = join(COURSE_ROOT, 'solutions');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(filters: string[]): Promise<{ ms: number; score: string; mode: string }> {
  const times: number[] = [];
  let score = '';
  let mode = '';
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const result = await runGrade({ submissionDir: solutions, filters, isolation });
    times.push(performance.now() - started);
    score = `${result.score}/${result.maxScore}`;
    mode = result.isolation;
  }
  return { ms: median(times), score, mode };
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; median of ${repeats}`);
const whole = await timed([]);
console.log(`isolation: ${whole.mode}`);
console.log(`whole course (solutions): ${(whole.ms / 1000).toFixed(2)} s, ${whole.score}  (target ≤ 15 s)`);
for (const id of ['01', '02', '03', '04', '05', '06', '07', '08', '09']) {
  const one = await timed([id]);
  console.log(`exercise ${id}: ${(one.ms / 1000).toFixed(2)} s, ${one.score}  (target ≤ 4 s)`);
}
