// Our own mutants, the ones numeric code needs most and Stryker does not make (written with the
// TypeScript compiler API):
// - NumberLiteral: an integer n becomes n+1, n−1 and −n (so 0↔1), 2 also 0.5; any other number 2n, n/2, −n.
// - MethodSwap: a tensor method becomes its partner (mean↔sum, ge↔gt, le↔lt, add↔sub, mul↔div,
//   max↔min, train↔eval, tanh↔sigmoid, softmax↔logSoftmax).
// - UnwrapCall: `f(x)` becomes `x` (a one-argument call), `a.m(…)` becomes `a` (the receiver).
// - DropStatement: an expression statement (`optimizer.zeroGrad();`, `total += …;`) is removed.
// Type positions, imports and property names are left alone.
import ts from 'typescript';
import type { Patch } from './types.ts';

export const NUMERIC_MUTATORS = ['NumberLiteral', 'MethodSwap', 'UnwrapCall', 'DropStatement'] as const;

const SWAPS: ReadonlyArray<[string, string]> = [
  ['mean', 'sum'], ['ge', 'gt'], ['le', 'lt'], ['add', 'sub'], ['mul', 'div'], ['max', 'min'],
  ['train', 'eval'], ['tanh', 'sigmoid'], ['softmax', 'logSoftmax'],
];
const PARTNER = new Map<string, string>(SWAPS.flatMap(([a, b]) => [[a, b], [b, a]] as [string, string][]));

/** Receivers that are namespaces or globals: `Math.floor(x)` → `Math` says nothing about the code. */
const GLOBALS = new Set(['Math', 'Number', 'Object', 'Array', 'JSON', 'console', 'Promise', 'Symbol', 'String', 'Boolean', 'BigInt', 'Date', 'Reflect', 'Float64Array', 'Float32Array', 'Int32Array', 'Uint8Array', 'Set', 'Map']);

/** The text of a number for a replacement; negative numbers in parentheses, so `a-1` cannot become `a--1`. */
function numberText(value: number): string {
  const text = String(value);
  return value < 0 || Object.is(value, -0) ? `(${text})` : text;
}

/** The replacements of one number literal, without the number itself and without repeats. */
export function numberReplacements(value: number, negated: boolean): string[] {
  const values = Number.isInteger(value)
    ? [value + 1, value - 1, ...(negated || value === 0 ? [] : [-value]), ...(value === 2 ? [0.5] : [])]
    : [value * 2, value / 2, ...(negated ? [] : [-value])];
  return [...new Set(values.filter((v) => v !== value && Number.isFinite(v)).map(numberText))];
}

function insideType(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isTypeNode(at) || ts.isImportDeclaration(at) || ts.isExportDeclaration(at) || ts.isEnumDeclaration(at)) return true;
    if (ts.isStatement(at)) return false;
  }
  return false;
}

/** An expression that stays itself in any position when it loses the call around it. */
function isSimple(node: ts.Expression): boolean {
  return ts.isIdentifier(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node)
    || ts.isStringLiteral(node) || ts.isParenthesizedExpression(node) || ts.isArrayLiteralExpression(node)
    || node.kind === ts.SyntaxKind.ThisKeyword;
}

/** Names the file imports (namespaces such as `nn`, functions such as `noGrad`): receivers not worth unwrapping to. */
function importedNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (!clause) continue;
    if (clause.name) names.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.add(element.name.text);
  }
  return names;
}

/** Our numeric mutants of a parsed file (every one; region selection comes later). */
export function numericPatches(source: ts.SourceFile): Patch[] {
  const patches: Patch[] = [];
  const imported = importedNames(source);
  const text = source.text;
  const add = (mutator: (typeof NUMERIC_MUTATORS)[number], node: ts.Node, replacement: string) => {
    patches.push({ mutator, start: node.getStart(source), end: node.getEnd(), replacement });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;

    if (ts.isNumericLiteral(node) && !insideType(node) && !(ts.isPropertyAssignment(node.parent) && node.parent.name === node)) {
      const value = Number(node.text.replace(/_/g, ''));
      const negated = ts.isPrefixUnaryExpression(node.parent) && node.parent.operator === ts.SyntaxKind.MinusToken;
      if (Number.isFinite(value)) for (const replacement of numberReplacements(value, negated)) add('NumberLiteral', node, replacement);
    }

    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name) && PARTNER.has(node.name.text)) {
      add('MethodSwap', node.name, PARTNER.get(node.name.text)!);
    }

    if (ts.isCallExpression(node) && !ts.isExpressionStatement(node.parent) && node.expression.kind !== ts.SyntaxKind.SuperKeyword) {
      const [only, ...more] = node.arguments;
      if (only && more.length === 0 && !ts.isSpreadElement(only)) {
        const argument = text.slice(only.getStart(source), only.getEnd());
        add('UnwrapCall', node, isSimple(only) ? argument : `(${argument})`);
      }
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee)) {
        const receiver = callee.expression;
        const namespace = ts.isIdentifier(receiver) && (GLOBALS.has(receiver.text) || imported.has(receiver.text) || /^[A-Z]/.test(receiver.text));
        if (!namespace && receiver.kind !== ts.SyntaxKind.SuperKeyword) add('UnwrapCall', node, text.slice(receiver.getStart(source), receiver.getEnd()));
      }
    }

    if (ts.isExpressionStatement(node) && !(ts.isStringLiteral(node.expression) && ts.isSourceFile(node.parent))) {
      const inList = ts.isBlock(node.parent) || ts.isSourceFile(node.parent) || ts.isCaseClause(node.parent) || ts.isDefaultClause(node.parent);
      add('DropStatement', node, inList ? '' : ';');
    }

    ts.forEachChild(node, visit);
  };
  visit(source);
  return patches;
}
