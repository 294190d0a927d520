// Region selection: which parts of a solution file a mutant may change. Only the code a learner
// writes counts — the lines between `// BEGIN SOLUTION` and `// STARTER` (or `// END SOLUTION` when
// the block has no STARTER part), as scripts/course/markers.ts defines them — and within those, not
// the text of error messages (a `throw`'s argument, the arguments of `new …Error(…)`), which no
// README asks for. The marker patterns are the ones of markers.ts; they are repeated here so that the
// grader needs nothing outside grader/ (grader/test/mutate-regions.test.ts checks both agree).
import { transformSync } from 'esbuild';
import ts from 'typescript';

const BEGIN = /^\s*\/\/ BEGIN SOLUTION\s*$/;
const STARTER = /^\s*\/\/ STARTER\s*$/;
const END = /^\s*\/\/ END SOLUTION\s*$/;

/** A half-open range of character offsets [start, end). */
export interface Span {
  start: number;
  end: number;
}

/** Offsets at which each line starts (line i, 0-based, starts at result[i]). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** 1-based line and column of an offset. */
export function positionOf(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

/**
 * The learner's regions of a solution file: for every block, the lines after `// BEGIN SOLUTION` up to
 * (not including) its `// STARTER` or `// END SOLUTION` line, as character spans. A file without
 * markers has none. Malformed markers are left to `npm run starters`, which reports them.
 */
export function learnerRegions(text: string): Span[] {
  const lines = text.split('\n');
  const starts = lineStarts(text);
  const regions: Span[] = [];
  let open: number | null = null; // first line of the open block's solution part
  lines.forEach((line, index) => {
    if (BEGIN.test(line)) {
      open = index + 1;
    } else if (open !== null && (STARTER.test(line) || END.test(line))) {
      if (index > open) regions.push({ start: starts[open], end: starts[index] });
      open = null;
    }
  });
  return regions;
}

/** Removes `//` and `/* … *\/` comments (a rough cut, enough for the leftovers of a node outside the regions). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

/**
 * True when a change of `span` touches only learner code: every character of the span outside the
 * regions is whitespace, a comment or a bracket. So a mutant inside a region counts, and so does one
 * that replaces a whole block whose body is a region (`{ // BEGIN SOLUTION … // END SOLUTION }`),
 * but not one that would also change given lines.
 */
export function touchesOnlyLearnerCode(span: Span, regions: readonly Span[], text: string): boolean {
  if (!regions.some((region) => region.start < span.end && span.start < region.end)) return false;
  let outside = '';
  let at = span.start;
  for (const region of regions) {
    if (region.end <= at || region.start >= span.end) continue;
    if (region.start > at) outside += text.slice(at, region.start);
    at = Math.max(at, region.end);
  }
  if (at < span.end) outside += text.slice(at, span.end);
  return /^[\s{}()[\];,]*$/.test(withoutComments(outside));
}

/** Spans of error-message text: the expression of every `throw`, and the arguments of `new XError(…)` / `XError(…)`. */
export function messageSpans(source: ts.SourceFile): Span[] {
  const spans: Span[] = [];
  const isErrorCallee = (expression: ts.Expression): boolean => {
    const name = ts.isIdentifier(expression) ? expression.text : ts.isPropertyAccessExpression(expression) ? expression.name.text : '';
    return /Error$/.test(name);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isThrowStatement(node) && node.expression) {
      spans.push({ start: node.expression.getStart(source), end: node.expression.getEnd() });
    } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && isErrorCallee(node.expression) && node.arguments && node.arguments.length > 0) {
      spans.push({ start: node.arguments[0].getStart(source), end: node.arguments[node.arguments.length - 1].getEnd() });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return spans;
}

/** True when `span` lies within one of `spans`. */
export function within(span: Span, spans: readonly Span[]): boolean {
  return spans.some((outer) => outer.start <= span.start && span.end <= outer.end);
}

/** Parses TypeScript source (parents set, for the numeric mutators and messageSpans). */
export function parseSource(text: string, fileName: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

/** The syntax error of a TypeScript text, as the grader's own transpiler (esbuild) reports it; null when it parses. */
export function syntaxError(text: string, fileName: string): string | null {
  try {
    transformSync(text, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: fileName });
    return null;
  } catch (error) {
    const first = (error as { errors?: { text: string }[] }).errors?.[0];
    return first?.text ?? String(error);
  }
}
