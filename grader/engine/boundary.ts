// A Vite plugin that keeps graded code to its own files: an exercise may import the course's
// lib/, npm packages and files of the submission, but not the grader, the suites or the
// solutions (Vite reads those in the grading process, outside the workers' permission model).
import type { Plugin } from 'vite';
import { sep } from 'node:path';

function inside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function withoutQuery(id: string): string {
  const at = id.indexOf('?');
  return at < 0 ? id : id.slice(0, at);
}

const TEST_TOOLING = /^(vitest|vite|@vitest\/|vite-node)(\/|$)/;

export interface BoundaryOptions {
  /** The submission copy; imports from files in here are checked. */
  submissionDir: string;
  /** Directories graded code may import from besides its own (the course's lib/). */
  allowedDirs: string[];
  /** Files vitest itself loads (suites, the runtime setup): requests without an importer may name these. */
  entryFiles: string[];
}

export function submissionBoundary(options: BoundaryOptions): Plugin {
  const { submissionDir, allowedDirs } = options;
  const entries = new Set(options.entryFiles);
  const allowed = (file: string): boolean =>
    inside(file, submissionDir) || file.includes(`${sep}node_modules${sep}`) || allowedDirs.some((dir) => inside(file, dir));
  return {
    name: 'grader:submission-boundary',
    enforce: 'pre',
    async resolveId(source, importer, resolveOptions) {
      // `import(variable)` at run time reaches Vite without its importer (the root's index.html stands in).
      const anonymous = !importer || importer.endsWith('index.html');
      const fromSubmission = !anonymous && inside(withoutQuery(importer), submissionDir);
      if (!anonymous && !fromSubmission) return null;
      if (fromSubmission && TEST_TOOLING.test(source)) {
        throw new Error(`exercise files may not import the test tooling ('${source}')`);
      }
      const resolved = await this.resolve(source, importer, { ...resolveOptions, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      if (anonymous && entries.has(resolved.id)) return resolved;
      if (resolved.id.includes('?')) {
        throw new Error(`graded code may not import with a query ('${source}')`);
      }
      if (allowed(resolved.id)) return resolved;
      throw new Error(`exercise files may import only lib/, npm packages and files of the submission; '${source}' resolves elsewhere`);
    },
  };
}
