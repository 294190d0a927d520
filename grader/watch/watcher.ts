// Which exercise a save belongs to: chokidar watches the exercises folder; a change to a graded file
// (cache.ts isGradedFile: not a README, editor backup or dotfile) of <dir>/<NN-name>/… names exercise
// NN-name. Saves are debounced per exercise, so an editor's write-rename-touch counts once.
import { watch, type FSWatcher } from 'chokidar';
import { basename, relative, sep } from 'node:path';
import { isGradedFile } from './cache.ts';

export interface ExerciseWatcher {
  /** Resolves once the initial scan is done and saves are seen. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** The exercise a changed path belongs to, if it is a graded file of one of `ids`. */
export function exerciseOfPath(exercisesDir: string, path: string, ids: ReadonlySet<string>): string | undefined {
  const rel = relative(exercisesDir, path);
  if (rel === '' || rel.startsWith('..')) return undefined;
  const parts = rel.split(sep);
  if (parts.length < 2 || !ids.has(parts[0]) || !isGradedFile(basename(path))) return undefined;
  if (parts.slice(1, -1).some((part) => part.startsWith('.') || part === 'node_modules')) return undefined;
  return parts[0];
}

export function watchExercises(exercisesDir: string, ids: ReadonlySet<string>, onSave: (id: string) => void, debounceMs = 200): ExerciseWatcher {
  const watcher: FSWatcher = watch(exercisesDir, {
    ignoreInitial: true,
    ignored: (path) => /(^|[/\\])(node_modules|\.git)([/\\]|$)/.test(path),
    depth: 6,
  });
  const timers = new Map<string, NodeJS.Timeout>();
  watcher.on('all', (_event, path) => {
    const id = exerciseOfPath(exercisesDir, path, ids);
    if (!id) return;
    clearTimeout(timers.get(id));
    timers.set(id, setTimeout(() => {
      timers.delete(id);
      onSave(id);
    }, debounceMs));
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    close: async () => {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await watcher.close();
    },
  };
}
