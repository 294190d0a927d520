// TypeScript to JavaScript for the sandbox, done by the judge with esbuild before anything runs:
// no compiler (and no compiler process) is needed inside the sandbox. A file that does not parse
// becomes a module that throws its syntax error when imported, so exactly the checks that load
// it fail, with the line and column.
import { transformSync } from 'esbuild';

export interface Transpiled {
  code: string;
  /** The syntax error, when the source does not parse. */
  error?: string;
}

export function transpileModule(source: string, fileName: string): Transpiled {
  try {
    const result = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: fileName });
    return { code: result.code };
  } catch (error) {
    const failure = error as { errors?: { text: string; location?: { line: number; column: number } | null }[] };
    const first = failure.errors?.[0];
    const where = first?.location ? `${fileName}:${first.location.line}:${first.location.column + 1}` : fileName;
    const message = `${where}: ${first?.text ?? 'the file could not be parsed'}`;
    return { code: `throw new SyntaxError(${JSON.stringify(message)});\n`, error: message };
  }
}
