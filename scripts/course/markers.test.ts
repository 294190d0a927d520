import { describe, expect, it } from 'vitest';
import { MarkerError, hasMarkers, starterFromSolution } from './markers.ts';

const starter = (lines: string[]) => starterFromSolution(lines.join('\n'), 'solutions/00-demo/demo.ts');

function markerError(lines: string[]): MarkerError {
  try {
    starter(lines);
  } catch (error) {
    if (error instanceof MarkerError) return error;
    throw error;
  }
  throw new Error('expected a MarkerError, but the file was accepted');
}

describe('starterFromSolution', () => {
  it('replaces a block by its STARTER part: comments as they are, //> lines without the marker', () => {
    const solution = [
      'export function f(x: number): number {',
      '  // BEGIN SOLUTION',
      '  const y = x * 2;',
      '  return y;',
      '  // STARTER',
      '  // TODO: double x',
      '  //> return todo(\'f\');',
      '  // END SOLUTION',
      '}',
      '',
    ];
    expect(starter(solution)).toBe(["export function f(x: number): number {", '  // TODO: double x', "  return todo('f');", '}', ''].join('\n'));
  });

  it('drops a block without a STARTER part, keeps //> lines outside blocks, and a bare //> is an empty line', () => {
    const solution = [
      "import { a } from './a.ts';",
      "//> import { todo } from './todo.ts';",
      '//>',
      'const kept = 1;',
      '// BEGIN SOLUTION',
      'function helper(): void {}',
      '// END SOLUTION',
      '    //> deeper();',
      '//>     * indented after the marker',
    ];
    expect(starter(solution)).toBe(
      ["import { a } from './a.ts';", "import { todo } from './todo.ts';", '', 'const kept = 1;', '    deeper();', '    * indented after the marker'].join('\n'),
    );
  });

  it('leaves a file without markers byte for byte, including a missing final newline', () => {
    const text = 'const a = 1; // BEGIN with a comment that is not a marker\r\nconst b = 2;';
    expect(starterFromSolution(text, 'x.ts')).toBe(text);
    expect(hasMarkers(text)).toBe(false);
    expect(hasMarkers('x\n  // END SOLUTION\n')).toBe(true);
  });

  it.each([
    [['// BEGIN SOLUTION', 'a', '// BEGIN SOLUTION', '// END SOLUTION'], 3, 'blocks do not nest'],
    [['a', '// BEGIN SOLUTION', 'b'], 2, 'never closed'],
    [['a', '// END SOLUTION'], 2, 'without a "// BEGIN SOLUTION"'],
    [['// STARTER'], 1, 'outside a block'],
    [['// BEGIN SOLUTION', '// STARTER', '// STARTER', '// END SOLUTION'], 3, 'a second "// STARTER"'],
    [['// BEGIN SOLUTION', '//> x();', '// END SOLUTION'], 2, 'among the solution lines'],
    [['// BEGIN SOLUTION', 'a', '// STARTER', 'return 1;', '// END SOLUTION'], 4, 'would run in the solution'],
    [['x', '// END SOLUTIONS'], 2, 'malformed marker'],
    [['// BEGIN STARTER'], 1, 'malformed marker'],
    [['//>x();'], 1, 'malformed marker'],
    [['  // begin solution'], 1, 'malformed marker'],
  ])('rejects %j at line %i (%s)', (lines, line, problem) => {
    const error = markerError(lines);
    expect(error.line).toBe(line);
    expect(error.message).toContain(`solutions/00-demo/demo.ts:${line}: `);
    expect(error.message).toContain(problem);
  });
});
