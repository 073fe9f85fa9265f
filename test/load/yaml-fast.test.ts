import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { stringify } from 'yaml';
import { parseSource, type DataPath, type ParsedSource } from '../../src/load/source.js';
import { parseYamlFast } from '../../src/load/yaml-fast.js';
import { validateModel } from '../../src/load/validate-model.js';
import { capDiagnostics, sortDiagnostics } from '../../src/model/index.js';
import { runs, validModelArb } from '../fuzz/arbitraries.js';
import { FAST_TIER } from '../helpers/tier.js';

/** Everything a load tells (diagnostics with locations, the model with every resource's location) and where every value and key is. */
function outcome(source: ParsedSource): string {
  const v = source.data === undefined ? { model: undefined, diagnostics: [] } : validateModel(source);
  const where: string[] = [];
  const walk = (x: unknown, p: DataPath): void => {
    for (const key of [false, true]) {
      const l = source.locate(p, key);
      where.push(`${l.line}:${l.column}`);
    }
    if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) walk(y, [...p, Array.isArray(x) ? Number(k) : k]);
  };
  walk(source.data, []);
  return JSON.stringify(
    { data: source.data ?? null, d: capDiagnostics(sortDiagnostics([...source.diagnostics, ...v.diagnostics])), m: v.model ?? null, where },
    (_k, x: unknown) => (x instanceof Map ? [...x.entries()] : x),
  );
}

/** The fast path and the `yaml` library's path, on the same text; `fast` also says whether the fast path read it. */
function bothPaths(text: string): { fast: string; yaml: string; tookFast: boolean } {
  return {
    fast: outcome(parseSource('m.yaml', text)),
    yaml: outcome(parseSource('m.yaml', text, {}, { fast: false })),
    tookFast: parseYamlFast(text, 64).kind === 'ok',
  };
}

const styleArb = fc.record({
  indent: fc.constantFrom(2, 3, 4),
  indentSeq: fc.boolean(),
  collectionStyle: fc.constantFrom<'any' | 'block' | 'flow'>('any', 'block', 'flow'),
  defaultStringType: fc.constantFrom<'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE'>('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
  defaultKeyType: fc.constantFrom<null | 'PLAIN' | 'QUOTE_DOUBLE'>(null, 'PLAIN', 'QUOTE_DOUBLE'),
  lineWidth: fc.constantFrom(0, 20, 80),
  crlf: fc.boolean(),
  comments: fc.boolean(),
  blankLines: fc.boolean(),
});

/** Comments after values and on lines of their own, and blank lines, where YAML allows them. */
function decorate(text: string, s: { comments: boolean; blankLines: boolean; crlf: boolean }, seed: number): string {
  const lines = text.split('\n').flatMap((line, i) => {
    const out = [line];
    const r = (seed + i * 7919) % 5;
    if (s.comments && r === 0 && /^\s*(- )?[\w"']+:\s*\S/.test(line) && !line.includes('#') && !/[|>][-+]?$/.test(line)) out[0] = `${line}  # note ${i}`;
    if (s.comments && r === 1 && line.trim() !== '') out.unshift(`${' '.repeat(line.length - line.trimStart().length)}# comment ${i}`);
    if (s.blankLines && r === 2) out.unshift('');
    return out;
  });
  const joined = lines.join('\n');
  return s.crlf ? joined.replace(/\n/g, '\r\n') : joined;
}

describe('plain YAML read on the fast path tells exactly what the yaml library tells', () => {
  test.prop([validModelArb, styleArb, fc.nat(), fc.constantFrom('none', 'duplicate', 'forbidden', 'empty')], runs(300))(
    'random models in random styles, with comments, blank lines, CRLF, repeated, forbidden and empty keys',
    (model, style, seed, trouble) => {
      let text = decorate(stringify(model, { ...style, aliasDuplicateObjects: false }), style, seed);
      if (trouble !== 'none') {
        const nl = style.crlf ? '\r\n' : '\n';
        const extra = trouble === 'duplicate' ? `region: again` : trouble === 'forbidden' ? `__proto__: 1` : 'description:';
        text = style.collectionStyle === 'flow' ? text : `${extra}${nl}${text}`;
      }
      const r = bothPaths(text);
      expect(r.fast).toBe(r.yaml);
      if (style.collectionStyle === 'any' && style.lineWidth === 80) expect(r.tookFast).toBe(true);
    },
  );

  it('every bundled model, scenario and fixture: same data, diagnostics and locations', () => {
    const files = [
      ...readdirSync('models').map((d) => `models/${d}/model.yaml`),
      ...readdirSync('scenarios').map((f) => `scenarios/${f}`),
      ...readdirSync('test/fixtures').map((f) => `test/fixtures/${f}`),
    ].filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const r = bothPaths(text);
      expect(r.fast, f).toBe(r.yaml);
      // Files with tags are the slower reader's (test/fixtures/warnings.yaml is about them).
      if (!text.includes('!!')) expect(r.tookFast, f).toBe(true);
    }
  });

  it('scalars, keys and layouts that parsers disagree on', () => {
    const texts = [
      'a: 0o17\nb: 017\nc: 0x1F\nd: 1_000\ne: .inf\nf: -.Inf\ng: 1e3\nh: +12\ni: 0b101\nj: 2001-12-14\nk: Yes\nl: ON\nm: ~\nn: ""\no: NULL\np: +.5\nq: 5.\nr: .NaN\n',
      '1: a\ntrue: b\n1.5: c\n0x10: d\n',
      'a:\nb: 1\nc:\n  # only a comment\nd: [1, 2, 3]\ne: {x: 1, y: [a, b]}\n',
      'text: |\n  line one\n  line two\nfolded: >-\n  a\n  b\nafter: 1\n',
      'multi: this plain\n  scalar goes on\nnext: "double\n  quoted"\nlast: \'single\'\n',
      '---\na: 1\n...\n',
      '%YAML 1.2\n---\na: 1\n',
      '- - a\n  - b\n- - c\n- {}\n- []\n',
      '"quoted key": 1\n\'single\': 2\n? explicit\n: 3\n',
      'a: 1 # comment\n# between\nb:   2\n\n\nc:\t3\n',
      '\ufeffa: 1\n',
      'key with spaces: value\nurl: http://x/y#z\n',
      '- a\n- b\n...\n',
      'a:\n  - 1\n...\n',
    ];
    for (const t of texts) {
      const r = bothPaths(t);
      expect(r.fast, t).toBe(r.yaml);
      expect(r.tookFast, t).toBe(true);
    }
  });

  it('steps aside for tags, anchors, aliases, null keys, key without value, several documents and syntax errors — and the yaml path answers as before', () => {
    const texts = [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'base: &b {x: 1}\nother:\n  <<: *b\n',
      '~: 1\n',
      '- a\n-\n- b\n',
      'd: [1, 2,\n  3]\n',
      '{a, b: 1}\n',
      'a: 1\n---\nb: 2\n',
      'a: [1, 2\n',
      'a:\n  b: 1\n c: 2\n',
      'a: "unclosed\n',
      '\ta: 1\n',
      'key: value: with colon\n',
      '',
      '# only a comment\n',
    ];
    for (const t of texts) {
      expect(parseYamlFast(t, 64).kind, t).toBe('unsupported');
      const r = bothPaths(t);
      expect(r.fast, t).toBe(r.yaml);
    }
  });
});

describe('large plain YAML', () => {
  // Large inputs are for the full run; the fast tier keeps the inner loop short.
  it.skipIf(FAST_TIER)('reads a model of more than 80,000 values, located by line and column, and refuses only what the fast path cannot read', () => {
    const instances = Array.from({ length: 30_000 }, (_, i) => ({
      id: `i-${i}`,
      kind: 'ecs',
      securityGroups: ['sg'],
      subnet: 's',
      ip: `10.0.${i >> 8}.${i & 255}`,
    }));
    const doc = {
      region: 'r',
      vpcs: [{ id: 'v', cidr: '10.0.0.0/16', subnets: [{ id: 's', cidr: '10.0.0.0/17' }] }],
      securityGroups: [{ id: 'sg', rules: [] }],
      instances,
    };
    const text = stringify(doc);
    const src = parseSource('big.yaml', text);
    expect(src.diagnostics).toEqual([]);
    expect((src.data as { instances: unknown[] }).instances).toHaveLength(30_000);
    const where = src.locate(['instances', 29_999, 'ip']);
    expect(text.split('\n')[where.line - 1]).toBe(`    ip: 10.0.117.47`);
    expect(where.column).toBe(9);
    const v = validateModel(src);
    expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    // The same document with one anchor: the yaml library's limit applies, and the message says why.
    const anchored = text.replace('region: r', 'region: &r r');
    const refused = parseSource('big.yaml', anchored);
    expect(refused.data).toBeUndefined();
    expect(refused.diagnostics.map((d) => d.code)).toEqual(['too-many-values']);
    expect(refused.diagnostics[0]!.message).toContain('a tag, anchor or alias (line 1)');

    // A syntax error in a large document: located, in one line.
    const broken = text.replace('    ip: 10.0.117.47', '    ip: [10.0.117.47');
    const bad = parseSource('big.yaml', broken);
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['yaml-syntax']);
    expect(bad.diagnostics[0]!.location.line).toBeGreaterThan(where.line - 2);
  });
});
