import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffLines } from 'diff';
import { parse } from 'yaml';
import { applyEdits, editFor, proveFixes } from '../../src/lint/fix.js';
import { lint, type LintFix } from '../../src/lint/index.js';
import { loadModelFromText } from '../../src/load/index.js';
import { check } from '../../src/verify/scenario.js';
import { formatTenant, generateTenant } from '../../src/generate/tenant.js';
import { ecsSetup, model, modelOf } from '../helpers/model.js';
import { cli } from '../helpers/cli.js';

const addRule: LintFix = {
  kind: 'add-security-group-rule',
  group: 'sg-b',
  rule: { direction: 'ingress', protocol: 'tcp', ports: 8080, source: '198.19.128.0/17', action: 'allow', priority: 1, description: 'VPCEP source range' },
};

/** Applies one fix to model text and returns the new text (fails the test when there is no edit). */
function edited(text: string, fix: LintFix, file = 'test.yaml'): string {
  const e = editFor(text, model(text, file), fix);
  if (typeof e === 'string') throw new Error(e);
  return applyEdits(text, [e]);
}

describe('fixes are edits of the text: only what the fix changes changes', () => {
  it('a block list gets a line in the same indentation; comments and everything else stay byte for byte', () => {
    const text = ecsSetup({ backendRules: '      - { direction: ingress, protocol: tcp, ports: 8080, source: 10.0.0.0/16 } # the VPC only' });
    const out = edited(text, addRule);
    expect(out).toBe(
      text.replace(
        '# the VPC only\n',
        '# the VPC only\n      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, action: allow, priority: 1, description: VPCEP source range }\n',
      ),
    );
  });

  it('a flow list, an empty flow list, a group without rules (block and flow), CRLF line endings', () => {
    const flow = ecsSetup({ backendRules: '      []' }).replace(
      '  - id: sg-b\n    rules:\n      []',
      '  - { id: sg-b, rules: [ { direction: ingress, protocol: tcp, ports: 22, source: 10.0.0.0/8 } ] }',
    );
    expect(edited(flow, addRule)).toContain(
      '{ id: sg-b, rules: [ { direction: ingress, protocol: tcp, ports: 22, source: 10.0.0.0/8 }, { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, action: allow, priority: 1, description: VPCEP source range } ] }',
    );
    const empty = flow.replace('rules: [ { direction: ingress, protocol: tcp, ports: 22, source: 10.0.0.0/8 } ]', 'rules: []');
    expect(edited(empty, addRule)).toContain(
      'rules: [ { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17, action: allow, priority: 1, description: VPCEP source range } ]',
    );
    const noRulesFlow = flow.replace(', rules: [ { direction: ingress, protocol: tcp, ports: 22, source: 10.0.0.0/8 } ]', '');
    expect(edited(noRulesFlow, addRule)).toContain('{ id: sg-b, rules: [ { direction: ingress');
    const noRulesBlock = ecsSetup().replace(
      '  - id: sg-b\n    rules:\n      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17 }\n',
      '  - id: sg-b\n    description: backend\n',
    );
    expect(edited(noRulesBlock, addRule)).toContain('  - id: sg-b\n    description: backend\n    rules: [ { direction: ingress');
    const crlf = ecsSetup({ backendRules: '      - { direction: ingress, protocol: tcp, ports: 22, source: 10.0.0.0/8 }' }).replace(/\n/g, '\r\n');
    const out = edited(crlf, addRule);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(out).toContain('source: 10.0.0.0/8 }\r\n      - { direction: ingress, protocol: tcp, ports: 8080');
  });

  it('JSON files get JSON', () => {
    const json = JSON.stringify(parse(ecsSetup()), null, 2);
    const out = edited(json, addRule, 'm.json');
    expect(() => JSON.parse(out)).not.toThrow();
    expect(out).toContain(
      '{"direction":"ingress","protocol":"tcp","ports":8080,"source":"198.19.128.0/17","action":"allow","priority":1,"description":"VPCEP source range"}',
    );
  });

  it('removing a list entry, and setting a field', () => {
    const text = readFileSync('models/elb-whitelist-missing-range/model.yaml', 'utf8').replace(
      '{ mode: whitelist, cidrs: [192.168.1.0/24] }',
      '{ mode: blacklist, cidrs: [198.19.200.0/24, 10.0.0.0/8] }',
    );
    expect(edited(text, { kind: 'remove-access-control-cidr', listener: 'listener-80', cidr: '198.19.200.0/24' }, 'm.yaml')).toContain(
      '{ mode: blacklist, cidrs: [10.0.0.0/8] }',
    );
    expect(edited(ecsSetup(), { kind: 'set-field', resource: 'svc', field: 'approval', value: true })).toContain(
      '{ id: svc, vpc: vpc-p, approval: true, permissions',
    );
  });
});

describe('fixes are proven before they are kept', () => {
  const relint = (m: Parameters<typeof lint>[0]) => lint(m);
  const load = (t: string) => modelOf(loadModelFromText('test.yaml', t));

  it('the VPCEP rule: the finding goes, the endpoint is gained, nothing is lost', () => {
    const text = ecsSetup({ backendRules: '      - { direction: ingress, protocol: tcp, ports: 8080, source: 10.0.0.0/16 }' });
    const m = model(text);
    const r = proveFixes(text, m, lint(m), load, relint);
    expect(r.outcomes.map((o) => [o.status, o.finding.ruleId])).toEqual([['applied', 'vpcep-backend-missing-range']]);
    const o = r.outcomes[0]!;
    expect(o.status === 'applied' && o.gained.map((g) => [g.to, g.ports])).toEqual([['ep', [{ lo: 80, hi: 80 }]]]);
    expect(lint(model(r.text)).filter((f) => f.ruleId === 'vpcep-backend-missing-range')).toEqual([]);
  });

  it('a fix that would also open another service’s endpoint is refused, with that flow', () => {
    // Two backends share the group: the fix for svc would open svc2 too.
    const text = ecsSetup({ backendRules: '      - { direction: ingress, protocol: tcp, ports: 8080, source: 10.0.0.0/16 }' })
      .replace('endpointServices:', '  - { id: backend2, kind: ecs, subnet: sub-p, ip: 10.0.1.21, securityGroups: [sg-b], listens: [8080] }\nendpointServices:')
      .replace(
        'endpoints:',
        '  - { id: svc2, vpc: vpc-p, approval: false, permissions: ["iam:domain::a"], backend: { kind: ecs, instance: backend2 }, portMappings: [ { servicePort: 8080, terminalPort: 81 } ] }\nendpoints:',
      )
      .concat('  - { id: ep2, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.51, service: svc2 }\n');
    const m = model(text);
    const r = proveFixes(text, m, lint(m), load, relint);
    const refused = r.outcomes.filter((o) => o.status === 'refused');
    expect(refused.length).toBeGreaterThan(0);
    const first = refused[0]!;
    expect(first.status === 'refused' && [first.reason, first.flow?.kind]).toEqual(['it would open a flow the finding is not about', 'gained']);
    expect(r.text).toBe(text);
  });
});

describe('vpcreach lint --fix on the bundled misconfigured models makes what they are meant to do work, touching nothing else', () => {
  for (const name of ['missing-vpcep-rule', 'elb-whitelist-missing-range', 'misconfigurations']) {
    it(name, async () => {
      const dir = mkdtempSync(join(tmpdir(), `vpcreach-fix-${name}-`));
      const file = join(dir, 'model.yaml');
      copyFileSync(`models/${name}/model.yaml`, file);
      copyFileSync(`test/fixtures/lint-fix/${name}.yaml`, join(dir, 'intent.yaml'));
      const before = readFileSync(file, 'utf8');
      expect(check([join(dir, 'intent.yaml')]).scenarios[0]!.expectations.every((e) => e.status === 'pass')).toBe(false);

      const dry = await cli(['lint', file, '--fix-dry-run']);
      expect(dry.out).toMatch(/^Index: /);
      expect(readFileSync(file, 'utf8')).toBe(before);

      const r = await cli(['lint', file, '--fix']);
      expect(r.err).toContain(`wrote ${file} (the original is kept as ${file}.bak)`);
      expect(readFileSync(`${file}.bak`, 'utf8')).toBe(before);
      const after = readFileSync(file, 'utf8');
      expect(check([join(dir, 'intent.yaml')]).scenarios[0]!.expectations.map((e) => [e.expectation.name, e.status])).toEqual(
        check([join(dir, 'intent.yaml')]).scenarios[0]!.expectations.map((e) => [e.expectation.name, 'pass']),
      );
      // Only lines that carry a fix differ: each changed line comes back with the range added or approval turned on,
      // and each added line is a rule for the VPCEP range or for the range a load balancer forwards from.
      const lines = after.split('\n');
      for (const part of diffLines(before, after)) {
        if (part.added)
          for (const l of part.value.trimEnd().split('\n'))
            expect(/198\.19\.128\.0\/17|approval: true|100\.125\.0\.0\/16|10\.0\.3\.0\/24/.test(l), l).toBe(true);
        if (part.removed)
          for (const l of part.value.trimEnd().split('\n'))
            expect(lines.includes(l.replace(/\]( \})?$/, ', 198.19.128.0/17]$1')) || lines.includes(l.replace('approval: false', 'approval: true')), l).toBe(
              true,
            );
      }
      // A second run finds nothing left to fix and keeps the first backup.
      await cli(['lint', file, '--fix']);
      expect(existsSync(`${file}.bak.2`)).toBe(false);
      expect(readFileSync(`${file}.bak`, 'utf8')).toBe(before);
    });
  }
});

describe('a model written in JSON is parsed only for the resource a fix edits', () => {
  it('every fix of a generated tenant (JSON, S): the same edit as parsing the whole text', () => {
    const text = formatTenant(generateTenant({ size: 's', seed: 3 }), 'json');
    const m = modelOf(loadModelFromText('tenant.json', text))!;
    const found = lint(m);
    const fixes = found.flatMap((f) => (f.fix ? [f.fix] : []));
    expect(fixes.length).toBeGreaterThan(3);
    for (const fix of fixes) expect(editFor(text, m, fix), JSON.stringify(fix)).toEqual(editFor(text, m, fix, 'document'));
  });

  it('a JSON resource with braces and escaped quotes in its strings is cut out whole', () => {
    const text = JSON.stringify(
      JSON.parse(
        JSON.stringify({
          ...(parse(ecsSetup()) as Record<string, unknown>),
        }),
      ),
      null,
      2,
    ).replace('"id": "sg-b",', '"id": "sg-b", "description": "a } and a \\" and a {",');
    const m = modelOf(loadModelFromText('m.json', text))!;
    const rule = { direction: 'ingress', protocol: 'tcp', ports: '22', action: 'allow', priority: 1, description: 'ssh' } as const;
    const fix: LintFix = { kind: 'add-security-group-rule', group: 'sg-b', rule };
    const edit = editFor(text, m, fix);
    expect(edit).toEqual(editFor(text, m, fix, 'document'));
    expect(typeof edit !== 'string' && JSON.parse(applyEdits(text, [edit])).securityGroups[1].rules.at(-1)).toEqual(rule);
  });
});

describe('what a fix opens is counted in flows', () => {
  it('two clients alike gain the endpoint’s port: "opens 2 flows", however the diff groups them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcreach-fix-flows-'));
    const file = join(dir, 'model.yaml');
    const text = ecsSetup({ backendRules: '      - { direction: ingress, protocol: tcp, ports: 22, source: 10.0.0.0/8 }' }).replace(
      '  - { id: backend,',
      '  - { id: client-2, kind: ecs, subnet: sub-c, ip: 192.168.1.11, securityGroups: [sg-c] }\n  - { id: backend,',
    );
    writeFileSync(file, text);
    const r = await cli(['lint', file, '--fix-dry-run']);
    expect(r.err).toMatch(/would fix .* vpcep-backend-missing-range .*; opens 2 flows to ep\n/);
  });
});
