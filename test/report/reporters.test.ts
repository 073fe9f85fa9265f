import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Both are CommonJS modules that also set `exports.default`: the same access works for the types and at run time.
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { loadModel } from '../../src/load/index.js';
import { check } from '../../src/verify/scenario.js';
import { render, FORMATS, type Format, type Report } from '../../src/report/index.js';
import { loadHelp } from '../../src/cli/help.js';
import { DISPOSITION_CODES } from '../../src/sim/dispositions.js';
import { pairDestinations } from '../../src/cli/output.js';
import { FAST_TIER } from '../helpers/tier.js';
import { modelOf } from '../helpers/model.js';

const options = { help: loadHelp(), toolVersion: '0.1.0' };
const passing: Report = { kind: 'check', result: check(['scenarios/seed-elb.yaml']) };
const failing: Report = { kind: 'check', result: check(['test/fixtures/failing-scenario.yaml', 'scenarios/pending-approval.yaml']) };
const invalid: Report = {
  kind: 'validate',
  files: ['test/fixtures/ten-mistakes.yaml', 'models/seed-elb/model.yaml', 'test/fixtures/warnings.yaml'].map((f) => {
    const r = loadModel(f);
    return { file: f, valid: modelOf(r) !== undefined, diagnostics: r.diagnostics };
  }),
};
const ALL: [string, Report][] = [
  ['passing check', passing],
  ['failing check', failing],
  ['validate', invalid],
];

function tmp(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'vpcreach-report-')), name);
}

function hasXmllint(): boolean {
  return spawnSync('xmllint', ['--version']).status === 0;
}

describe('JUnit XML', () => {
  it.each(ALL)('%s validates against the JUnit XSD (xmllint --schema)', (_, report) => {
    expect(hasXmllint(), 'xmllint is missing: apt-get install -y libxml2-utils (.ci/run does this)').toBe(true);
    const file = tmp('report.xml');
    writeFileSync(file, render(report, 'junit', options));
    const r = spawnSync('xmllint', ['--noout', '--schema', 'test/schemas/junit.xsd', file], { encoding: 'utf8' });
    expect(r.stderr).toContain('validates');
    expect(r.status).toBe(0);
  });
  it('the schema check can fail: a report with an unknown element is rejected', () => {
    const file = tmp('bad.xml');
    writeFileSync(file, render(passing, 'junit', options).replace('<testcase ', '<testcase bogus="1" '));
    expect(spawnSync('xmllint', ['--noout', '--schema', 'test/schemas/junit.xsd', file]).status).not.toBe(0);
  });
  it('one testsuite per scenario file, one testcase per expectation; failures carry verdict, code and trace', () => {
    const xml = render(failing, 'junit', options);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml).toContain('<testsuites name="vpcreach check" tests="5" failures="2" errors="1">');
    expect(xml).toContain('name="backend group: works &lt;sometimes&gt; &amp; &quot;fails&quot; | other times"');
    const failure = /<failure type="SG_INGRESS_PARTIAL"[^>]*>([\s\S]*?)<\/failure>/.exec(xml)![1]!;
    expect(failure).toContain('verdict: partial');
    expect(failure).toContain('code: SG_INGRESS_PARTIAL');
    expect(failure).toContain('4. ecs-partial (instance)');
    expect(xml).toContain('<error type="invalid-expectation"');
  });
});

describe('SARIF 2.1.0', () => {
  const schema = JSON.parse(readFileSync('test/schemas/sarif-2.1.0-rtm.5.json', 'utf8'));
  // unicodeRegExp: false — the schema's language pattern is not valid with the u flag (it was written for ECMAScript without it).
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  const validateSarif = ajv.compile(schema);

  it.each(ALL)('%s validates against the official schema', (_, report) => {
    const log = JSON.parse(render(report, 'sarif', options));
    const ok = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
  it('the schema check can fail', () => {
    const log = JSON.parse(render(failing, 'sarif', options));
    log.runs[0].results[0].level = 'fatal';
    expect(validateSarif(log)).toBe(false);
  });
  it('rules are every disposition and diagnostic code, with help from docs/', () => {
    const log = JSON.parse(render(passing, 'sarif', options));
    const ids: string[] = log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    for (const c of DISPOSITION_CODES) expect(ids).toContain(c);
    for (const c of ['unknown-field', 'vpcep-range-overlap', 'invalid-expectation']) expect(ids).toContain(c);
    const rule = log.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'SG_INGRESS_DENIED');
    expect(rule.help.markdown).toContain('**Fix:**');
    expect(rule.fullDescription.text).toContain('198.19.128.0/17');
  });
  it('results point at the expectation in the scenario file, with the deciding model rule as a related location', () => {
    const log = JSON.parse(render(failing, 'sarif', options));
    const results = log.runs[0].results;
    expect(
      results.map((r: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) => [
        r.ruleId,
        r.locations[0]!.physicalLocation.artifactLocation.uri,
        r.locations[0]!.physicalLocation.region.startLine,
      ]),
    ).toEqual([
      ['SG_INGRESS_PARTIAL', 'test/fixtures/failing-scenario.yaml', 4],
      ['SG_INGRESS_DENIED', 'test/fixtures/failing-scenario.yaml', 5],
      ['invalid-expectation', 'test/fixtures/failing-scenario.yaml', 7],
    ]);
    expect(results[0].level).toBe('error');
    const related = results[1].relatedLocations[0];
    expect(related.physicalLocation.artifactLocation.uri).toBe('models/misconfigurations/model.yaml');
    expect(related.message.text).toContain('sg-no-ingress');
  });
  it('validation results point at the offending field', () => {
    const log = JSON.parse(render(invalid, 'sarif', options));
    expect(log.runs[0].results[0]).toMatchObject({ ruleId: 'subnet-outside-vpc', level: 'error' });
    expect(log.runs[0].results.at(-1)).toMatchObject({ ruleId: 'yaml-warning', level: 'warning' });
    const unknown = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'unknown-field');
    expect(unknown.locations[0].physicalLocation.region).toEqual({ startLine: 26, startColumn: 5 });
    expect(unknown.locations[0].logicalLocations[0].fullyQualifiedName).toBe('endpointServices[0].colour');
  });
});

describe('GitHub workflow commands', () => {
  it('one concise line per finding, a notice on each deciding model rule; separators escaped', () => {
    const out = render(failing, 'github', options).trimEnd().split('\n');
    expect(out.at(-1)).toBe('2 passed, 2 failed, 1 error');
    const findings = out.filter((l) => /^::(error|warning) /.test(l));
    expect(findings).toHaveLength(3);
    for (const a of findings) expect(a).toMatch(/^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=vpcreach [A-Za-z_-]+::[^\n]+$/);
    expect(findings[0]).toContain('file=test/fixtures/failing-scenario.yaml,line=4,col=5,title=vpcreach SG_INGRESS_PARTIAL::');
    expect(findings[0]).toMatch(/ — fix: /);
    expect(findings[0]).not.toContain('%0A'); // no trace in the annotation: it is in the job summary
    const notices = out.filter((l) => l.startsWith('::notice '));
    expect(notices.length).toBeGreaterThan(0);
    for (const n of notices)
      expect(n).toMatch(
        /^::notice file=models\/misconfigurations\/model\.yaml,line=\d+,col=\d+,title=vpcreach [A-Z_]+%3A deciding rule::.+ decided ecs-client → /,
      );
  });
  it('validate annotations', () => {
    const out = render(invalid, 'github', options);
    expect(out).toContain('::warning file=test/fixtures/warnings.yaml,line=7,col=85,title=vpcreach yaml-warning::');
    expect(out).toContain(
      '::error file=test/fixtures/ten-mistakes.yaml,line=16,col=82,title=vpcreach unresolved-reference::security group "sg-bakend" is not defined (did you mean sg-backend?)',
    );
  });
});

describe('Markdown', () => {
  it('summary table with pass/fail, code and stop point, and details for failures', () => {
    const md = render(failing, 'markdown', options);
    expect(md.split('\n')[0]).toBe('### vpcreach check: 2 passed, 2 failed, 1 error');
    expect(md).toContain('| ❌ | shared members all deliver | ecs-client → ep-shared tcp/82 | reachable | partial `SG_INGRESS_DENIED` | sg-no-ingress |');
    expect(md).toContain('| ✅ | this one passes |');
    expect(md).toContain('works <sometimes> & "fails" \\| other times');
    expect(md).toContain('<details><summary>❌ shared members all deliver');
  });
  it('validate summary', () => {
    const md = render(invalid, 'markdown', options);
    expect(md.split('\n')[0]).toBe('### vpcreach validate: 13 errors, 2 warnings');
    expect(md).toContain('| test/fixtures/ten-mistakes.yaml | ❌ invalid |');
  });
});

describe('determinism', () => {
  it.each(['text', 'json', 'junit', 'sarif', 'github', 'markdown'] as Format[])('%s is byte-identical across runs', (format) => {
    for (const [, report] of ALL) expect(render(report, format, options)).toBe(render(report, format, options));
    expect(render({ kind: 'check', result: check(['test/fixtures/failing-scenario.yaml']) }, format, options)).toBe(
      render({ kind: 'check', result: check(['test/fixtures/failing-scenario.yaml']) }, format, options),
    );
  });
  // Two processes of the built binary (not in the fast tier, which does not build it).
  it.skipIf(FAST_TIER)('vpcreach check scenarios/ --format sarif twice gives byte-identical files', () => {
    const a = tmp('a.sarif');
    const b = tmp('b.sarif');
    execFileSync(process.execPath, ['dist/cli/main.js', 'check', 'scenarios/', '--format', 'sarif', '--output', a]);
    execFileSync(process.execPath, ['dist/cli/main.js', 'check', 'scenarios/', '--format', 'sarif', '--output', b]);
    expect(readFileSync(a)).toEqual(readFileSync(b));
    expect(JSON.parse(readFileSync(a, 'utf8')).runs[0].results).toEqual([]);
  });
});

describe('--format / --output pairing', () => {
  it('pairs each output with the format before it', () => {
    expect(pairDestinations([], FORMATS)).toEqual({ ok: true, value: [{ format: 'text', output: null }] });
    expect(
      pairDestinations(
        [
          { kind: 'format', value: 'sarif' },
          { kind: 'output', value: 'a' },
          { kind: 'format', value: 'markdown' },
        ],
        FORMATS,
      ),
    ).toEqual({
      ok: true,
      value: [
        { format: 'sarif', output: 'a' },
        { format: 'markdown', output: null },
      ],
    });
    expect(pairDestinations([{ kind: 'output', value: 'a' }], FORMATS)).toEqual({ ok: true, value: [{ format: 'text', output: 'a' }] });
    // One --format and one --output go together in either order.
    expect(
      pairDestinations(
        [
          { kind: 'output', value: 'a' },
          { kind: 'format', value: 'sarif' },
        ],
        FORMATS,
      ),
    ).toEqual({ ok: true, value: [{ format: 'sarif', output: 'a' }] });
    // The default is the first format the command writes.
    expect(pairDestinations([], ['mermaid', 'dot', 'svg'])).toEqual({ ok: true, value: [{ format: 'mermaid', output: null }] });
  });
  it('says why when an --output before every --format left two formats for standard output', () => {
    const r = pairDestinations(
      [
        { kind: 'output', value: 't.json' },
        { kind: 'format', value: 'json' },
        { kind: 'format', value: 'text' },
      ],
      ['text', 'json'],
    );
    expect(r).toEqual({
      ok: false,
      error:
        'only one --format may go to standard output; --output t.json comes before any --format, so it took the default (text): write each --format before its --output',
    });
  });
  it('refuses a format the command does not write, naming the ones it does', () => {
    expect(pairDestinations([{ kind: 'format', value: 'junit' }], ['text', 'json'])).toEqual({ ok: false, error: '--format junit is not one of text, json' });
  });
  it('rejects ambiguous or impossible combinations', () => {
    expect(pairDestinations([{ kind: 'format', value: 'xml' }], FORMATS).ok).toBe(false);
    expect(
      pairDestinations(
        [
          { kind: 'format', value: 'json' },
          { kind: 'format', value: 'text' },
        ],
        FORMATS,
      ).ok,
    ).toBe(false);
    expect(
      pairDestinations(
        [
          { kind: 'format', value: 'json' },
          { kind: 'output', value: 'a' },
          { kind: 'output', value: 'b' },
        ],
        FORMATS,
      ).ok,
    ).toBe(false);
    expect(
      pairDestinations(
        [
          { kind: 'format', value: 'json' },
          { kind: 'output', value: 'a' },
          { kind: 'format', value: 'sarif' },
          { kind: 'output', value: 'a' },
        ],
        FORMATS,
      ).ok,
    ).toBe(false);
  });
});
