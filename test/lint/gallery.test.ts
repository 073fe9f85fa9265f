import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { LINT_RULES, lint } from '../../src/lint/index.js';
import { model } from '../helpers/model.js';

const FILE = 'models/lint-gallery/model.yaml';

describe('models/lint-gallery: one of every mistake, every finding exactly', () => {
  const findings = lint(model(readFileSync(FILE, 'utf8'), FILE));

  it('the findings, in order', () => {
    expect(findings.map((f) => `${f.location.line}:${f.location.column} ${f.severity} ${f.ruleId}/${f.messageId}`)).toEqual([
      '32:9 warning acl-rule-shadowed/shadowed',
      '35:5 info acl-unused/unused',
      '36:16 info acl-switched-off/rule',
      '39:86 warning acl-source-ports-narrow/narrow',
      '46:5 error elb-member-missing-elb-range/missing',
      '46:5 error vpcep-backend-missing-range/missing',
      '50:5 error vpcep-backend-partial-range/partial',
      '55:9 error vpcep-range-shadowed-by-deny/shadowed',
      '56:9 warning sg-rule-shadowed/shadowed',
      '57:5 warning acl-bypassed-by-l4-listener/security-group',
      '60:9 error sg-world-open-sensitive-port/open',
      '62:9 warning sg-rule-shadowed/shadowed',
      '63:9 info sg-rule-redundant/redundant',
      '65:5 warning acl-bypassed-by-l4-listener/security-group',
      '68:5 info sg-unused/unused',
      '70:60 warning sg-icmp-code-undefined/undefined',
      '83:5 warning ip-reserved/reserved',
      '93:9 error elb-acl-blocks-vpcep/whitelist',
      '93:9 warning elb-single-healthy-member/one',
      '98:9 warning access-control-unused/ignored',
      '98:9 warning elb-single-healthy-member/one',
      '106:20 error member-outside-vpc/unrouted',
      '107:9 warning elb-single-healthy-member/none',
      '111:20 error elb-health-check-blocked/group',
      '126:5 warning service-open-to-any-account/open',
      '134:9 error port-mapping-dead-end/no-listener',
      '135:5 warning no-port-mappings/none',
      '135:5 warning service-name/name',
      '136:5 warning peering-bypasses-endpoint/bypass',
      '144:5 error endpoint-not-usable/status',
      '145:5 warning endpoint-whitelist-excludes-vpc/excludes',
      '146:5 warning long-whitelist/long',
      '147:5 warning endpoint-closed-to-vpc/closed',
      '149:5 warning endpoint-whitelist-off/off',
      '154:5 warning peering-overlapping-cidrs/ranges',
      '161:9 warning peering-route-without-return/noReturn',
      '162:9 warning peering-route-not-active/notActive',
      '173:9 error dnat-dead-end/dead',
    ]);
  });

  it('every registered rule has a finding here', () => {
    const found = new Set(findings.map((f) => f.ruleId));
    expect(LINT_RULES.map((r) => r.id).filter((id) => !found.has(id))).toEqual([]);
  });

  it('each finding is on the resource named after it', () => {
    const text = readFileSync(FILE, 'utf8').split('\n');
    const on = (ruleId: string, words: string) => {
      const f = findings.find((x) => x.ruleId === ruleId)!;
      expect(text[f.location.line - 1], ruleId).toContain(words);
    };
    on('vpcep-backend-missing-range', 'sg-vpc-only');
    on('vpcep-backend-partial-range', 'sg-half-range');
    on('vpcep-range-shadowed-by-deny', 'action: deny');
    on('elb-acl-blocks-vpcep', 'listener-whitelist-without-range');
    on('sg-world-open-sensitive-port', 'SSH from anywhere');
    on('sg-rule-redundant', 'the next rule allows the same');
    on('acl-rule-shadowed', 'never decides');
    on('sg-unused', 'sg-spare');
    on('acl-unused', 'acl-attached-to-nothing');
    on('endpoint-not-usable', 'ep-rejected');
    on('endpoint-whitelist-excludes-vpc', 'ep-whitelist-elsewhere');
    on('ip-reserved', 'ecs-reserved-address');
    on('service-name', 'no mappings!');
    on('access-control-unused', 'listener-ssh');
    on('member-outside-vpc', 'ecs-client');
    expect(findings.find((f) => f.ruleId === 'elb-member-missing-elb-range')!.data.listener).toBe('listener-member-elsewhere');
    on('long-whitelist', 'ep-long-whitelist');
    on('endpoint-closed-to-vpc', 'ep-closed-by-acl');
    on('peering-bypasses-endpoint', 'svc-bypassed-by-peering');
    on('peering-route-without-return', 'no route back for the endpoints subnet');
    on('peering-route-not-active', 'route into a connection not accepted');
    on('peering-overlapping-cidrs', 'pcx-overlapping-ranges');
    on('dnat-dead-end', 'publishes a port its group closes to the internet');
    on('endpoint-whitelist-off', 'ep-whitelist-switched-off');
    on('acl-switched-off', 'a rule switched off');
    on('acl-source-ports-narrow', "IANA's ephemeral ports only");
    on('sg-icmp-code-undefined', 'echo reply written 0/3');
  });
});
