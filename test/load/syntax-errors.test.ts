import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../src/load/index.js';

/** The single diagnostic of a broken file: [line, column, code, message]. */
function one(file: string, text: string): [number, number, string, string] {
  const d = loadModelFromText(file, text).diagnostics;
  expect(d, JSON.stringify(d)).toHaveLength(1);
  return [d[0]!.location.line, d[0]!.location.column, d[0]!.code, d[0]!.message];
}

describe('YAML syntax errors speak the user’s language and point at the line at fault', () => {
  it.each([
    [
      'a line indented too far',
      'vpcs:\n  - id: a\n    cidr: 10.0.0.0/16\n     subnets: []\n',
      [4, 6, 'yaml-syntax', 'indentation: this line is indented more than the line above it, so it reads as part of that line’s value'],
    ],
    [
      'a key not lined up (a missing "- ")',
      'vpcs:\n  - id: a\n    cidr: 10.0.0.0/16\n  id: b\n    cidr: 10.1.0.0/16\n',
      [4, 3, 'yaml-syntax', 'indentation: this line is not lined up with the keys above it'],
    ],
    ['a tab', 'vpcs:\n\t- id: a\n', [2, 1, 'yaml-syntax', 'a tab indents this line; YAML indents with spaces only']],
    ['an unclosed quote', 'region: "abc\nvpcs: []\n', [1, 9, 'yaml-syntax', 'a quoted string is not closed']],
    ['an unclosed bracket', 'vpcs: [ { id: a, cidr: 10.0.0.0/16 }\nsecurityGroups: []\n', [1, 7, 'yaml-syntax', 'an opening [ is not closed']],
    ['a key without a colon', 'vpcs:\n  - id a\n    cidr: x\n', [2, 3, 'yaml-syntax', 'a key is missing its ":"']],
  ])('%s: one error, in words', (_, text, expected) => {
    expect(one('m.yaml', text)).toEqual(expected);
    expect(loadModelFromText('m.yaml', text).diagnostics[0]!.hint).toMatch(/; the YAML parser says: /);
  });
});

describe('.json files are strict JSON', () => {
  it.each([
    ['a trailing comma', '{"region": "r", "vpcs": [],\n}\n', [1, 27, 'json-syntax', 'a trailing comma: JSON allows no comma before a closing bracket']],
    ['a comment', '{"region": "r" // c\n}\n', [1, 16, 'json-syntax', 'a comment: JSON has no comments']],
    ['an unclosed bracket', '{"region": "r", "vpcs": [\n', [1, 25, 'json-syntax', 'the document ends before every bracket is closed']],
  ])('%s is an error with its position', (_, text, expected) => {
    expect(one('m.json', text)).toEqual(expected);
  });

  it('the same text in a .yaml file is fine (YAML accepts it)', () => {
    expect(loadModelFromText('m.yaml', '{"region": "r", "vpcs": [],\n}\n').diagnostics).toEqual([]);
  });
});
