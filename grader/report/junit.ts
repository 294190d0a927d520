// JUnit XML, one <testsuite> per exercise, for CI systems that display test reports.
import type { GradeResult } from '../engine/types.ts';
import { hintLabel } from './terminal.ts';

function escapeXml(text: string): string {
  // Characters XML 1.0 forbids are dropped; the five special ones escaped.
  return text
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

export function toJUnit(result: GradeResult): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = result.exercises.reduce((n, exercise) => n + exercise.checks.length, 0);
  const failures = result.exercises.reduce((n, exercise) => n + exercise.checks.filter((check) => check.status === 'failed').length, 0);
  lines.push(`<testsuites name="${escapeXml(result.student ? `grade ${result.student}` : 'grade')}" tests="${total}" failures="${failures}" errors="0" time="${seconds(result.executionTimeMs)}">`);
  for (const exercise of result.exercises) {
    const failed = exercise.checks.filter((check) => check.status === 'failed').length;
    const time = exercise.checks.reduce((sum, check) => sum + check.durationMs, 0);
    lines.push(`  <testsuite name="${escapeXml(exercise.id)}" tests="${exercise.checks.length}" failures="${failed}" errors="0" skipped="0" time="${seconds(time)}">`);
    lines.push(`    <properties><property name="points" value="${exercise.points}"/><property name="max_points" value="${exercise.maxPoints}"/></properties>`);
    for (const check of exercise.checks) {
      const open = `    <testcase name="${escapeXml(check.name)}" classname="${escapeXml(exercise.id)}" time="${seconds(check.durationMs)}"`;
      if (check.status === 'passed') {
        lines.push(`${open}/>`);
        continue;
      }
      const body = [...check.details, ...(check.hint ? [`${hintLabel(check)} ${check.hint}`] : [])].join('\n');
      lines.push(`${open}>`);
      lines.push(`      <failure message="${escapeXml(check.reason)}" type="${escapeXml(check.outcome)}">${escapeXml(body)}</failure>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
