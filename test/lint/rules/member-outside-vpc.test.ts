import { describe, expect, it } from 'vitest';
import { at, bundled, findingsOf } from '../helpers.js';

const RULE = 'member-outside-vpc';

describe(RULE, () => {
  it('valid: members in the load balancer’s VPC', () => {
    const m = bundled('seed-elb');
    expect(findingsOf(m.text, RULE, m.file)).toEqual([]);
  });

  it('invalid: a member in the consumer VPC — at the member', () => {
    const m = bundled('elb-whitelist-missing-range');
    const text = m.text.replace('          - { instance: ecs-web-1, port: 8080 }', '          - { instance: ecs-client, port: 8080 }');
    expect(text).not.toBe(m.text);
    const f = findingsOf(text, RULE);
    expect(f.map((x) => [x.messageId, x.line, x.column, x.data.member, x.data.lbVpc])).toEqual([
      ['unrouted', at(text, '{ instance: ecs-client').line, at(text, '{ instance: ecs-client').column, 'ecs-client', f[0]!.data.lbVpc],
    ]);
    expect(f[0]!.data.vpc).not.toBe(f[0]!.data.lbVpc);
  });

  it('an error on a shared load balancer (the member receives nothing); a warning with IP as a backend (routes assumed)', async () => {
    const { lint } = await import('../../../src/lint/index.js');
    const { model } = await import('../../helpers/model.js');
    const m = bundled('elb-whitelist-missing-range');
    const text = m.text.replace('          - { instance: ecs-web-1, port: 8080 }', '          - { instance: ecs-client, port: 8080 }');
    const shared = lint(model(text)).filter((f) => f.ruleId === RULE);
    expect(shared.map((f) => [f.severity, f.messageId])).toEqual([['error', 'unrouted']]);
    expect(shared[0]!.message).toContain(
      'a shared load balancer forwards only to members in its own VPC, so the member receives nothing (MEMBER_IN_OTHER_VPC)',
    );
    const dedicated = text.replace('    kind: shared', '    kind: dedicated\n    ipAsBackend: true');
    expect(dedicated).not.toBe(text);
    expect(
      lint(model(dedicated))
        .filter((f) => f.ruleId === RULE)
        .map((f) => [f.severity, f.messageId]),
    ).toEqual([['warning', 'routed']]);
    const off = text.replace('    kind: shared', '    kind: dedicated');
    expect(
      lint(model(off))
        .filter((f) => f.ruleId === RULE)
        .map((f) => [f.severity, f.messageId]),
    ).toEqual([['error', 'unrouted']]);
  });
});
