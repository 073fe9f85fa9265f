import { readFileSync } from 'node:fs';
import { lint, type LintFinding } from '../../src/lint/index.js';
import { model } from '../helpers/model.js';

/** The findings of one rule on model text: message id, line, column, data. */
export function findingsOf(text: string, ruleId: string, file = 'test.yaml'): { messageId: string; line: number; column: number; data: LintFinding['data'] }[] {
  return lint(model(text, file))
    .filter((f) => f.ruleId === ruleId)
    .map((f) => ({ messageId: f.messageId, line: f.location.line, column: f.location.column, data: f.data }));
}

/** The whole findings of one rule, for fix and severity assertions. */
export function fullFindingsOf(text: string, ruleId: string, file = 'test.yaml'): LintFinding[] {
  return lint(model(text, file)).filter((f) => f.ruleId === ruleId);
}

/** Line and column (1-based) where `needle` first starts in `text`; `nth` picks a later occurrence. */
export function at(text: string, needle: string, nth = 0): { line: number; column: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`"${needle}" not in the text`);
  }
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

/** A bundled model's text and file name. */
export function bundled(name: string): { text: string; file: string } {
  const file = `models/${name}/model.yaml`;
  return { text: readFileSync(file, 'utf8'), file };
}
