import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySuppressions, parseSuppressions, readConfig } from '../../src/lint/config.js';
import { lint } from '../../src/lint/index.js';
import { model } from '../helpers/model.js';
import { cli } from '../helpers/cli.js';

const dir = () => mkdtempSync(join(tmpdir(), 'vpcreach-config-'));

describe('vpcreach.config.yaml', () => {
  it('sets severities; unknown rules and settings are located errors with a suggestion', () => {
    const d = dir();
    writeFileSync(join(d, 'ok.yaml'), 'lint:\n  rules:\n    sg-unused: off\n    service-open-to-any-account: error\n');
    expect(readConfig(join(d, 'ok.yaml'))).toEqual({ settings: { 'sg-unused': 'off', 'service-open-to-any-account': 'error' }, diagnostics: [] });
    writeFileSync(join(d, 'bad.yaml'), 'lint:\n  rules:\n    sg-unsed: off\n    acl-unused: loud\n');
    const bad = readConfig(join(d, 'bad.yaml')).diagnostics.map((x) => [x.code, x.location.line, x.location.column, x.hint ?? '']);
    expect(bad).toContainEqual(['unknown-field', 3, 5, 'did you mean sg-unused?']);
    expect(bad.some(([code, line]) => line === 4 && code !== 'unknown-field')).toBe(true);
  });

  it('the CLI reads it from the current directory; --rule overrides it; a broken one is exit 2 and lints nothing', async () => {
    const d = dir();
    copyFileSync('models/missing-vpcep-rule/model.yaml', join(d, 'model.yaml'));
    expect((await cli(['lint', 'model.yaml'], { cwd: d })).code).toBe(1);
    writeFileSync(join(d, 'vpcreach.config.yaml'), 'lint:\n  rules:\n    vpcep-backend-missing-range: off\n');
    expect(await cli(['lint', 'model.yaml'], { cwd: d })).toMatchObject({ code: 0, out: 'model.yaml: no findings\n' });
    expect((await cli(['lint', 'model.yaml', '--rule', 'vpcep-backend-missing-range=error'], { cwd: d })).code).toBe(1);
    writeFileSync(join(d, 'vpcreach.config.yaml'), 'lint:\n  rule:\n    sg-unused: off\n');
    const broken = await cli(['lint', 'model.yaml'], { cwd: d });
    expect([broken.code, broken.out]).toEqual([2, '']);
    expect(broken.err).toContain('vpcreach.config.yaml:2:3  error  unknown-field  unknown field "rule" in lint');
    expect(broken.err).toContain('vpcreach.config.yaml is not a valid configuration; nothing was linted');
  });
});

describe('inline suppressions', () => {
  const base = (comment: string) => `
region: r1
vpcs:
  - { id: v, account: a, cidr: 10.0.0.0/16, subnets: [ { id: s, cidr: 10.0.1.0/24 } ] }
securityGroups:
  - { id: sg, rules: [ { direction: egress, protocol: any } ] }
${comment}
  - { id: sg-spare, rules: [] }
instances:
  - { id: i, kind: ecs, subnet: s, ip: 10.0.1.10, securityGroups: [sg] }
`;
  const run = (text: string) => {
    const m = model(text, 'm.yaml');
    const { suppressions, diagnostics } = parseSuppressions('m.yaml', text);
    const { kept, unused } = applySuppressions(lint(m), suppressions, 'm.yaml');
    return { kept: kept.map((f) => f.ruleId), diagnostics: [...diagnostics, ...unused].map((d) => [d.code, d.location.line]) };
  };

  it('a comment with a reason suppresses that rule on the next line', () => {
    expect(run(base('  # vpcreach-disable-next-line sg-unused -- kept for the blue/green switch'))).toEqual({ kept: [], diagnostics: [] });
  });

  it('without a reason, with an unknown rule, or with nothing to suppress: not applied, and said so', () => {
    expect(run(base('  # vpcreach-disable-next-line sg-unused'))).toEqual({ kept: ['sg-unused'], diagnostics: [['invalid-suppression', 7]] });
    expect(run(base('  # vpcreach-disable-next-line sg-unusd -- spare'))).toEqual({ kept: ['sg-unused'], diagnostics: [['invalid-suppression', 7]] });
    expect(run(base('  # vpcreach-disable-next-line acl-unused -- no ACL here'))).toEqual({ kept: ['sg-unused'], diagnostics: [['unused-suppression', 7]] });
  });

  it('the CLI applies them and reports the bad ones as warnings', async () => {
    const d = dir();
    writeFileSync(join(d, 'm.yaml'), base('  # vpcreach-disable-next-line sg-unused'));
    const r = await cli(['lint', 'm.yaml'], { cwd: d });
    expect(r.out).toContain('m.yaml:7:3  warning  invalid-suppression  the suppression gives no reason, so it is not applied');
    expect(r.out).toContain('info  sg-unused');
  });
});
