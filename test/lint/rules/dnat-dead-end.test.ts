import { describe, expect, it } from 'vitest';
import { at, bundled, findingsOf, fullFindingsOf } from '../helpers.js';

const RULE = 'dnat-dead-end';

describe(RULE, () => {
  it('valid: a DNAT rule to a port the server listens on and its group admits', () => {
    const m = bundled('internet');
    const text = m.text.replace('securityGroups: [sg-app], listens: [22] }', 'securityGroups: [sg-app], listens: [22, 8443] }');
    expect(text).not.toBe(m.text);
    expect(findingsOf(text, RULE)).toEqual([]);
  });

  it('invalid: nothing listens on the internal port — at the rule, with the witness', () => {
    const m = bundled('internet');
    const [f] = fullFindingsOf(m.text, RULE, m.file);
    const rule = at(m.text, '{ eip: eip-nat, protocol: tcp, externalPort: 8443');
    expect(findingsOf(m.text, RULE, m.file).map((x) => [x.line, x.column])).toEqual([[rule.line, rule.column]]);
    expect([f!.severity, f!.data, f!.witness]).toEqual([
      'error',
      { rule: 'dnatRules[1]', gateway: 'nat-web', what: 'tcp 203.0.113.30:8443', target: 'ecs-app:8443', code: 'NOT_LISTENING', at: 'ecs-app' },
      'vpcreach trace models/internet/model.yaml --from internet --to 203.0.113.30 --port 8443',
    ]);
  });

  it('invalid: the server’s group refuses the internet; an any-port rule reached on no port', () => {
    const m = bundled('internet');
    const closed = m.text.replace('ports: [22, 8443], source: 0.0.0.0/0', 'ports: [22, 8443], source: 10.0.0.0/8');
    expect(findingsOf(closed, RULE).map((x) => [x.data.rule, x.data.code, x.data.at])).toEqual([
      ['dnatRules[0]', 'SG_INGRESS_DENIED', 'sg-app'],
      ['dnatRules[1]', 'SG_INGRESS_DENIED', 'sg-app'],
    ]);
    // An all-ports rule takes every port of its EIP: the SNAT rule may not share it.
    const any = closed
      .replace('      - { subnet: subnet-app, eips: [eip-nat] }\n', '      - { subnet: subnet-app, eips: [eip-bastion] }\n')
      .replace('{ id: eip-bastion, address: 203.0.113.10, instance: ecs-bastion }', '{ id: eip-bastion, address: 203.0.113.10 }')
      .replace(/dnatRules:[^]*?routeTables:/, 'dnatRules:\n      - { eip: eip-nat, protocol: any, instance: ecs-app }\n\nrouteTables:');
    expect(findingsOf(any, RULE).map((x) => [x.data.what, x.data.target, x.data.code])).toEqual([
      ['every port of 203.0.113.30', 'ecs-app', 'SG_INGRESS_DENIED'],
    ]);
  });
});
