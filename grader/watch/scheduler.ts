// When `npm run watch` grades what: one grading at a time, never two. A saved exercise is graded
// next; a save during a grading of that or another exercise queues it and it runs after (saves of
// the same exercise in the queue count once). The start-up grading of exercises without a valid
// cached result ("background") gives way: a save stops it, and it starts again, for what it had not
// finished, once no save is waiting.
import type { GradeResult } from '../engine/types.ts';
import type { Grading } from './grading-process.ts';

export type JobKind = 'save' | 'background';

export interface Job {
  kind: JobKind;
  ids: string[];
}

export interface SchedulerEvents {
  /** A grading started. */
  started(job: Job): void;
  /** A grading ended with a result or an error (not called for a grading that was stopped). */
  finished(job: Job, outcome: GradeResult | Error): void;
  /** Nothing runs and nothing waits. */
  idle?(): void;
}

export class Scheduler {
  private readonly saves: string[] = [];
  private readonly background = new Set<string>();
  private running: { job: Job; grading: Grading; stopping: boolean } | null = null;
  private stopped = false;

  constructor(private readonly start: (ids: string[]) => Grading, private readonly events: SchedulerEvents) {}

  /** What runs now, if anything. */
  get current(): Job | null {
    return this.running?.job ?? null;
  }

  /** Exercises waiting for a grading after saves, in order. */
  get waiting(): readonly string[] {
    return this.saves;
  }

  /** An exercise's file was saved: grade it next (after the grading of a save that is running). */
  saved(id: string): void {
    if (this.stopped) return;
    this.background.delete(id);
    if (!this.saves.includes(id)) this.saves.push(id);
    if (this.running?.job.kind === 'background' && !this.running.stopping) {
      // The start-up grading gives way; what it had not finished goes back to wait.
      this.running.stopping = true;
      const { job, grading } = this.running;
      for (const other of job.ids) if (!this.saves.includes(other)) this.background.add(other);
      void grading.stop();
      return;
    }
    this.pump();
  }

  /** Grade these exercises in one grading when no save waits (the start-up grading). */
  gradeInBackground(ids: readonly string[]): void {
    if (this.stopped) return;
    for (const id of ids) if (!this.saves.includes(id)) this.background.add(id);
    this.pump();
  }

  /** Stops the running grading (and everything it started); nothing starts afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.saves.length = 0;
    this.background.clear();
    const running = this.running;
    if (running) {
      running.stopping = true;
      await running.grading.stop();
    }
  }

  private pump(): void {
    if (this.stopped || this.running) return;
    let job: Job;
    if (this.saves.length > 0) job = { kind: 'save', ids: [this.saves.shift()!] };
    else if (this.background.size > 0) {
      job = { kind: 'background', ids: [...this.background].sort() };
      this.background.clear();
    } else {
      this.events.idle?.();
      return;
    }
    const grading = this.start(job.ids);
    const running = { job, grading, stopping: false };
    this.running = running;
    this.events.started(job);
    void grading.done.then((outcome) => {
      this.running = null;
      if (!running.stopping) this.events.finished(job, outcome);
      this.pump();
    });
  }
}
