// Merges the gradebook CSVs of several shards (`grade-class -- <dir> --shard k/n`) into one.
import { readFileSync } from 'node:fs';
import { parseCsv, type Cell } from './csv.ts';
import { InputError } from './class.ts';

const TAIL = ['total', 'max', 'percent', 'status'];

export interface MergeResult {
  rows: Cell[][];
  students: number;
}

export function mergeGradebooks(files: { name: string; text: string }[]): MergeResult {
  if (files.length === 0) throw new InputError('merge: expected one or more gradebook CSV files, got none');
  const exerciseIds = new Set<string>();
  const byStudent = new Map<string, { file: string; values: Map<string, string> }>();
  for (const { name, text } of files) {
    let rows: string[][];
    try {
      rows = parseCsv(text);
    } catch (error) {
      throw new InputError(`merge: '${name}' is not valid CSV: ${(error as Error).message}`);
    }
    const header = rows[0];
    if (!header || header[0] !== 'student' || header.length < 1 + TAIL.length || TAIL.some((column, i) => header[header.length - TAIL.length + i] !== column)) {
      throw new InputError(`merge: expected '${name}' to start with the header student,<exercise ids…>,${TAIL.join(',')} written by grade-class, got ${JSON.stringify((header ?? []).join(','))}`);
    }
    const exercises = header.slice(1, header.length - TAIL.length);
    for (const id of exercises) exerciseIds.add(id);
    rows.slice(1).forEach((row, index) => {
      if (row.length === 1 && row[0] === '') return; // a blank line
      if (row.length !== header.length) {
        throw new InputError(`merge: expected ${header.length} cells in line ${index + 2} of '${name}', got ${row.length}`);
      }
      const student = row[0]!;
      const earlier = byStudent.get(student);
      if (earlier) throw new InputError(`merge: student ${JSON.stringify(student)} is in both '${earlier.file}' and '${name}'; shards must not overlap`);
      byStudent.set(student, { file: name, values: new Map(header.map((column, i) => [column, row[i]!])) });
    });
  }
  const columns = [...exerciseIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const header: Cell[] = ['student', ...columns, ...TAIL];
  const students = [...byStudent.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const numeric = (text: string | undefined): Cell => (text !== undefined && text !== '' && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text ?? '');
  const rows: Cell[][] = [header];
  for (const student of students) {
    const { values } = byStudent.get(student)!;
    rows.push([student, ...columns.map((column) => numeric(values.get(column))), ...TAIL.map((column) => (column === 'status' ? values.get(column) ?? '' : numeric(values.get(column))))]);
  }
  return { rows, students: students.length };
}

export function readGradebooks(paths: string[]): { name: string; text: string }[] {
  return paths.map((path) => {
    try {
      return { name: path, text: readFileSync(path, 'utf8') };
    } catch {
      throw new InputError(`merge: expected a readable gradebook CSV, got '${path}'`);
    }
  });
}
