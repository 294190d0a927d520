// Which checks a mutant can affect. A probe reaches the learner's code only through
// `load('<file>')` (the sandbox gives it nothing else of the exercise), and a loaded file reaches
// the files it imports. So a mutant of file F can change a check only if some probe of that check
// loads F or a file importing F (directly or not). The baseline grading of the unchanged solution
// records every probe's source per check; a mutant is then graded on the checks it can reach only.
// A probe whose load() target is not a plain string literal could load anything: its check is
// affected by every file. The runner also proves that each such selection of checks still gives
// full marks on the unchanged solution (checks must not lean on state left by an earlier check);
// where one does not, that file's mutants are graded on every check.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** Every file a probe's source loads, or 'any' when a load() target is not a literal. */
export function probeLoads(source: string): Set<string> | 'any' {
  const calls = source.match(/\bload\s*\(/g)?.length ?? 0;
  const literals = [...source.matchAll(/\bload\s*\(\s*(['"`])([^'"`$\\]+)\1\s*\)/g)].map((match) => normalize(match[2]));
  // Fewer literals than calls: some target is computed (load(input.file)). `load` named anywhere
  // else than in its calls and once in the parameters (renamed, passed on to a helper): unknown.
  const mentions = source.match(/\bload\b/g)?.length ?? 0;
  if (literals.length < calls || mentions - calls > 1 || /\bload\s*:/.test(source)) return 'any';
  return new Set(literals);
}

/** The exercise's own relative imports: file → files it imports (paths relative to the exercise folder). */
export function importGraph(exerciseDir: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name)) {
        const rel = relative(exerciseDir, path);
        const source = readFileSync(path, 'utf8');
        const targets = new Set<string>();
        for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g)) {
          const target = normalize(join(dirname(rel), match[2]));
          if (!target.startsWith('..')) targets.add(target);
        }
        graph.set(rel, targets);
      }
    }
  };
  walk(exerciseDir);
  return graph;
}

/** The files `file` brings in when loaded: itself and everything it imports, transitively. */
export function closure(graph: Map<string, Set<string>>, file: string): Set<string> {
  const seen = new Set<string>();
  const stack = [normalize(file)];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const target of graph.get(next) ?? []) stack.push(target);
  }
  return seen;
}

/** What each check of one exercise loads, learnt from the probes of baseline gradings. */
export class CheckLoads {
  private readonly loads = new Map<string, Set<string> | 'any'>();

  constructor(readonly checkNames: readonly string[], private readonly graph: Map<string, Set<string>>) {
    for (const name of checkNames) this.loads.set(name, new Set());
  }

  record(checkName: string, probeSource: string): void {
    const current = this.loads.get(checkName) ?? new Set<string>();
    if (current === 'any') return;
    const found = probeLoads(probeSource);
    if (found === 'any') {
      this.loads.set(checkName, 'any');
      return;
    }
    for (const file of found) for (const reached of closure(this.graph, file)) current.add(reached);
    this.loads.set(checkName, current);
  }

  /** The checks a change of `file` can affect, in the suite's order. */
  affectedBy(file: string): string[] {
    const target = normalize(file);
    return this.checkNames.filter((name) => {
      const loads = this.loads.get(name);
      return loads === 'any' || loads === undefined || loads.has(target);
    });
  }
}
