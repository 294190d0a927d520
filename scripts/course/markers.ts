// The marker format that makes solutions/ the one source of each exercise: a starter file is its
// solution file with the marked solution lines taken out and the starter's lines put in.
//
//   export function rnnStep(xT: Matrix, hPrev: Matrix, weights: CellWeights): Matrix {
//     // BEGIN SOLUTION
//     checkShapes(xT, hPrev, weights);            ← solution lines: left out of the starter
//     return Matrix.tanh(preActivation);
//     // STARTER                                   ← optional: what the starter has instead
//     // TODO: 한 시점의 은닉 상태를 계산해 …       ← a comment: copied to the starter as it is
//     //> return todo('rnnStep');                  ← starter code: the starter gets `return todo('rnnStep');`
//     // END SOLUTION
//   }
//
//   //> import { todo } from '../../lib/index.ts'; ← outside a block: a line only the starter has
//
// Rules, all checked (a broken rule is an error naming file:line):
// - `// BEGIN SOLUTION`, `// STARTER` and `// END SOLUTION` stand alone on their line (any indentation);
//   blocks do not nest; every block is closed; `// STARTER` appears at most once, inside a block.
// - `//> text` becomes `text` with the indentation the `//>` line had; a bare `//>` becomes an empty line.
//   It is allowed outside blocks and in a STARTER part, never among the solution lines.
// - A STARTER part holds only comments, blank lines and `//>` lines (nothing there runs in the solution).
// - Any other line that looks like a marker (`// BEGIN STARTER`, `// END SOLUTIONS`, `//>text`) is an error.
// A file without markers is copied to the starters unchanged.

export class MarkerError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'MarkerError';
  }
}

type Marker = 'begin' | 'starter' | 'end';

const MARKERS: ReadonlyArray<[RegExp, Marker]> = [
  [/^\s*\/\/ BEGIN SOLUTION\s*$/, 'begin'],
  [/^\s*\/\/ STARTER\s*$/, 'starter'],
  [/^\s*\/\/ END SOLUTION\s*$/, 'end'],
];
/** `//> code` or a bare `//>`: a line of starter code. */
const STARTER_LINE = /^(\s*)\/\/>(?: (.*)|\s*)$/;
/** Anything that resembles a marker but is not exactly one: most likely a typo. */
const LOOKS_LIKE_MARKER = /^\s*\/\/\s*(?:(?:BEGIN|END)\s+(?:SOLUTION|STARTER)|STARTER\b)|^\s*\/\/>/i;

/** True when the text uses any marker (exact or malformed). */
export function hasMarkers(text: string): boolean {
  return text.split('\n').some((line) => LOOKS_LIKE_MARKER.test(line));
}

/**
 * The starter text of one solution file. `file` only labels errors (e.g. `solutions/01-rnn-cell/cell.ts`).
 * Throws MarkerError at the first malformed marker.
 */
export function starterFromSolution(text: string, file: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let state: 'outside' | 'solution' | 'starter' = 'outside';
  let blockStart = 0; // line number of the open BEGIN SOLUTION
  let starterAt = 0; // line number of the block's STARTER

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const fail = (problem: string): never => {
      throw new MarkerError(file, lineNo, problem);
    };
    const marker = MARKERS.find(([pattern]) => pattern.test(line))?.[1];
    const starterLine = STARTER_LINE.exec(line);

    if (marker === 'begin') {
      if (state !== 'outside') fail(`"// BEGIN SOLUTION" inside the block opened at line ${blockStart}; blocks do not nest`);
      state = 'solution';
      blockStart = lineNo;
      return;
    }
    if (marker === 'starter') {
      if (state === 'outside') fail('"// STARTER" outside a block; expected it between "// BEGIN SOLUTION" and "// END SOLUTION"');
      if (state === 'starter') fail(`a second "// STARTER" in the block opened at line ${blockStart} (the first is at line ${starterAt})`);
      state = 'starter';
      starterAt = lineNo;
      return;
    }
    if (marker === 'end') {
      if (state === 'outside') fail('"// END SOLUTION" without a "// BEGIN SOLUTION" before it');
      state = 'outside';
      return;
    }
    if (starterLine) {
      if (state === 'solution') {
        fail(`a "//>" starter line among the solution lines of the block opened at line ${blockStart}; put it after "// STARTER"`);
      }
      out.push(starterLine[2] === undefined ? '' : starterLine[1] + starterLine[2]);
      return;
    }
    if (LOOKS_LIKE_MARKER.test(line)) {
      fail(
        `malformed marker ${JSON.stringify(line.trim())}; expected exactly "// BEGIN SOLUTION", "// STARTER", ` +
          '"// END SOLUTION" or a "//> " starter line',
      );
    }
    if (state === 'solution') return;
    if (state === 'starter') {
      const trimmed = line.trim();
      if (trimmed !== '' && !trimmed.startsWith('//')) {
        fail(
          `code in the STARTER part of the block opened at line ${blockStart} would run in the solution; ` +
            `write it as a "//> " line, got ${JSON.stringify(trimmed)}`,
        );
      }
      out.push(line);
      return;
    }
    out.push(line);
  });

  if (state !== 'outside') {
    throw new MarkerError(file, blockStart, '"// BEGIN SOLUTION" is never closed; expected "// END SOLUTION" before the end of the file');
  }
  return out.join('\n');
}
