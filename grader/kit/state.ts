// Which check is running, per asynchronous context: exercises are judged concurrently in one
// process, so a module-level variable would let one exercise's visible check speak for another's
// hidden one. The kit's messages read the visibility from here.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Visibility } from './types.ts';

const running = new AsyncLocalStorage<{ visibility: Visibility }>();

/** Runs `body` as a check of the given visibility. */
export function withCheck<T>(visibility: Visibility, body: () => Promise<T>): Promise<T> {
  return running.run({ visibility }, body);
}

/** Visibility of the running check ('visible' outside any check, e.g. in the kit's own tests). */
export function currentVisibility(): Visibility {
  return running.getStore()?.visibility ?? 'visible';
}
