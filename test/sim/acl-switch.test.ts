import { describe, expect, it } from 'vitest';
import { ecsSetup, model, run } from '../helpers/model.js';

// The provider subnet's ACL refuses everything inbound: with it (or its rule) switched off, the flow goes through.
const acls = (aclSwitch: string, ruleSwitch: string) =>
  `  - { id: acl-p${aclSwitch}, inbound: [ { action: deny, protocol: any, source: 0.0.0.0/0${ruleSwitch} }, { priority: 2, action: allow, protocol: tcp, source: 198.19.128.0/17 } ], outbound: [] }`;
const setup = (aclSwitch: string, ruleSwitch: string) =>
  ecsSetup({ acls: acls(aclSwitch, ruleSwitch), providerSubnet: '{ id: sub-p, cidr: 10.0.1.0/24, networkAcl: acl-p }' });

describe('network ACL switches: the ACL’s and each rule’s', () => {
  it('both on (the default): the deny rule decides', () => {
    const r = run(model(setup('', '')), 'client', 'ep', 80);
    expect([r.verdict, r.code, r.at]).toEqual(['unreachable', 'ACL_INBOUND_DENIED', 'acl-p']);
  });

  it('the rule off: it never matches, the next rule admits VPCEP', () => {
    const r = run(model(setup('', ', enabled: false')), 'client', 'ep', 80);
    expect(r.code).toBe('DELIVERED');
    const acl = r.traces[0]!.hops.at(-1)!.steps.find((s) => s.type === 'filter' && s.filter === 'network-acl');
    expect(acl).toMatchObject({ decision: 'allow', rules: [expect.objectContaining({ resource: 'acl-p', index: 1 })] });
  });

  it('the ACL off: it stays bound and filters nothing, and the hop says so', () => {
    const m = model(setup(', enabled: false', ''));
    expect(m.subnets.get('sub-p')!.networkAcl).toBe('acl-p');
    const r = run(m, 'client', 'ep', 80);
    expect(r.code).toBe('DELIVERED');
    const backend = r.traces[0]!.hops.at(-1)!;
    expect(backend.steps.some((s) => s.type === 'filter' && s.filter === 'network-acl')).toBe(false);
    expect(backend.notes).toContain('network ACL acl-p of subnet sub-p is switched off (enabled: false): it filters nothing');
  });

  it('diff: switching the ACL off gains every port it refused, even with a rule changed at once', async () => {
    const { diffModels } = await import('../../src/symbolic/diff.js');
    const { Simulator } = await import('../../src/sim/engine.js');
    const before = model(setup('', ''));
    const after = model(
      setup(', enabled: false', '').replace(
        'source: 198.19.128.0/17 } ]',
        'source: 198.19.128.0/17 }, { priority: 3, action: allow, protocol: tcp, ports: 9999, source: 1.2.3.4 } ]',
      ),
    );
    const d = diffModels(new Simulator(before), new Simulator(after));
    expect(d.changes.map((c) => [c.kind, c.to, c.ports, c.after?.code])).toEqual([['gained', 'ep', [{ lo: 80, hi: 80 }], 'DELIVERED']]);
  });
});
