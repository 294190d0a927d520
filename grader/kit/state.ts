// Which kit check is running right now, kept private to the kit so submission code cannot flip
// a hidden check to visible (task.meta is reachable from a submission; this variable is not).
import { TestRunner } from 'vitest';
import type { Visibility } from './types.ts';

let current: { visibility: Visibility } | null = null;

export function enterCheck(visibility: Visibility): void {
  current = { visibility };
}

export function leaveCheck(): void {
  current = null;
}

/** Visibility of the running check; plain vitest tests fall back to their meta, then to 'visible'. */
export function currentVisibility(): Visibility {
  if (current) return current.visibility;
  const meta = TestRunner.getCurrentTest()?.meta;
  return meta?.visibility === 'hidden' ? 'hidden' : 'visible';
}
