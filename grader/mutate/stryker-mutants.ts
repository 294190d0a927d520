// Mutant generation from StrykerJS: its instrumenter (@stryker-mutator/instrumenter 9.6.1, the one
// Stryker's own runs use) parses a file with Babel, applies every Stryker mutator and returns each
// mutant with its location (0-based line and column) and replacement text. We use only that list:
// each mutant becomes a text patch of the file, never Stryker's instrumented "mutant switching" code.
import { Instrumenter } from '@stryker-mutator/instrumenter';
import { lineStarts } from './regions.ts';
import type { Patch } from './types.ts';

/** Stryker logs through an injected logger; the mutation tool reports on its own, so this one is silent. */
const silentLogger = {
  isTraceEnabled: () => false, isDebugEnabled: () => false, isInfoEnabled: () => false,
  isWarnEnabled: () => false, isErrorEnabled: () => false, isFatalEnabled: () => false,
  trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {},
};

/** Stryker's mutants of one TypeScript file, as patches of its text (every mutator, none ignored). */
export async function strykerPatches(text: string, fileName: string): Promise<Patch[]> {
  const instrumenter = new Instrumenter(silentLogger);
  const { mutants } = await instrumenter.instrument(
    [{ name: fileName, content: text, mutate: true }],
    { plugins: null, excludedMutations: [], ignorers: [] },
  );
  const starts = lineStarts(text);
  const offset = (position: { line: number; column: number }) => starts[position.line] + position.column;
  return mutants
    .filter((mutant) => mutant.status !== 'Ignored')
    .map((mutant) => ({
      mutator: mutant.mutatorName,
      start: offset(mutant.location.start),
      end: offset(mutant.location.end),
      replacement: mutant.replacement,
    }));
}
