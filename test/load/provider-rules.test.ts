import { describe, expect, it } from 'vitest';
import { loadModelFromText } from '../../src/load/index.js';
import { ecsSetup, model, run, modelOf } from '../helpers/model.js';

/** [line, column, code, severity] of every diagnostic. */
function found(text: string): [number, number, string, string][] {
  return loadModelFromText('m.yaml', text).diagnostics.map((d) => [d.location.line, d.location.column, d.code, d.severity]);
}
const line = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('two services may not map the same service port of the same backend (OTC VPCEP API)', () => {
  it('the second mapping is an error pointing at its servicePort, naming the first service', () => {
    const text = ecsSetup({
      service:
        '{ id: svc, vpc: vpc-p, approval: false, permissions: ["*"], backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }\n  - { id: svc2, vpc: vpc-p, approval: false, backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 81 }, { servicePort: 9090, terminalPort: 82 } ] }',
    });
    const r = loadModelFromText('m.yaml', text);
    const d = r.diagnostics.filter((x) => x.code === 'duplicate-service-port');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', location: { line: line(text, 'id: svc2'), path: 'endpointServices[1].portMappings[0].servicePort' } });
    expect(d[0]!.message).toBe(`service port 8080 of backend "backend" is already mapped by service "svc" (line ${line(text, 'id: svc,')})`);
  });
});

describe('endpoint whitelists: at most 60 entries (20 in most regions), never /0', () => {
  const withWhitelist = (entries: string[]): string =>
    ecsSetup({ endpoint: `{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc, whitelist: [${entries.join(', ')}] }` });
  const addrs = (n: number): string[] => Array.from({ length: n }, (_, i) => `10.9.${Math.floor(i / 200)}.${i % 200}`);

  it('20 or 21 entries are valid (21 is a lint finding, long-whitelist), 61 are an error', () => {
    expect(found(withWhitelist(addrs(20)))).toEqual([]);
    expect(found(withWhitelist(addrs(21)))).toEqual([]);
    expect(found(withWhitelist(addrs(61))).map((d) => d[2])).toEqual(['too-many-whitelist-entries']);
  });

  it('0.0.0.0/0 is refused with a hint to remove the whitelist', () => {
    const r = loadModelFromText('m.yaml', withWhitelist(['192.168.1.0/24', '0.0.0.0/0']));
    expect(r.diagnostics.map((d) => [d.code, d.location.path, d.hint])).toEqual([
      ['whitelist-everything', 'endpoints[0].whitelist[1]', 'list the client CIDRs, or remove the whitelist to admit every client'],
    ]);
  });
});

describe('permissions by account name and organization path (current Huawei VPCEP docs)', () => {
  const withPermissions = (permissions: string, accounts = ''): string =>
    `accounts:\n${accounts || '  - { id: a, name: alice, orgPath: o-1/r-1/ou-sales }'}\n` +
    ecsSetup({
      service: `{ id: svc, vpc: vpc-p, approval: false, permissions: [${permissions}], backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }`,
    });

  it('iam:domainName:: admits the account with that name; the trace says so', () => {
    const r = run(model(withPermissions('"iam:domainName::alice"')), 'client', 'ep', 80);
    expect(r.verdict).toBe('reachable');
    expect(r.traces[0]!.hops[1]!.steps.find((s) => s.type === 'filter' && s.filter === 'endpoint-permission')).toMatchObject({
      decision: 'allow',
      detail: 'permission "iam:domainName::alice" admits account a (named alice)',
    });
    expect(run(model(withPermissions('"iam:domainName::bob"')), 'client', 'ep', 80).code).toBe('ENDPOINT_PERMISSION_DENIED');
  });

  it('organizations:orgPath:: admits accounts in that unit or inside it; wildcards match', () => {
    for (const p of ['o-1/r-1/ou-sales', 'o-1/r-1', 'o-1/*/ou-sales', 'o-1/r-?'])
      expect(run(model(withPermissions(`"organizations:orgPath::${p}"`)), 'client', 'ep', 80).verdict, p).toBe('reachable');
    for (const p of ['o-1/r-1/ou-sal', 'o-2', 'o-1/r-1/ou-sales/ou-x'])
      expect(run(model(withPermissions(`"organizations:orgPath::${p}"`)), 'client', 'ep', 80).code, p).toBe('ENDPOINT_PERMISSION_DENIED');
  });

  it('the forms are accepted by validation; other forms are refused with the list; accounts are checked', () => {
    expect(found(withPermissions('"iam:domainName::alice", "organizations:orgPath::o-1/r-1"'))).toEqual([]);
    const bad = loadModelFromText('m.yaml', withPermissions('"domainName::alice"')).diagnostics;
    expect(bad.map((d) => [d.code, d.hint])).toEqual([
      ['invalid-permission', 'write "iam:domain::<account id>", "iam:domainName::<account name>", "organizations:orgPath::<path>" or "*"'],
    ]);
    const accounts = '  - { id: a, name: alice }\n  - { id: a, orgPath: "o-1 r" }';
    expect(found(withPermissions('"*"', accounts)).map((d) => d[2])).toEqual(['duplicate-account']);
    expect(found(withPermissions('"*"', '  - { id: a, orgPath: "o-1 r" }')).map((d) => d[2])).toEqual(['invalid-org-path']);
  });
});

describe('listener IP address groups hold at most 300 addresses and CIDR blocks (Huawei ELB IP address groups)', () => {
  const withAccessControl = (n: number): string =>
    `
vpcs:
  - { id: vpc-p, account: b, cidr: 10.0.0.0/16, subnets: [ { id: sub-m, cidr: 10.0.1.0/24 } ] }
securityGroups:
  - { id: sg-m, rules: [] }
instances:
  - { id: m1, kind: ecs, subnet: sub-m, ip: 10.0.1.11, securityGroups: [sg-m] }
loadBalancers:
  - id: lb
    kind: shared
    subnet: sub-m
    ip: 10.0.1.100
    listeners:
      - id: lst
        protocol: tcp
        port: 80
        accessControl: { mode: whitelist, cidrs: [${Array.from({ length: n }, (_, i) => `10.9.${Math.floor(i / 200)}.${i % 200}`).join(', ')}] }
        members: [ { instance: m1, port: 8080 } ]
`;

  it('300 are valid; 301 are an error at the list, as the cloud would refuse them', () => {
    expect(found(withAccessControl(300))).toEqual([]);
    const text = withAccessControl(301);
    const r = loadModelFromText('m.yaml', text);
    expect(modelOf(r)).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.location.path, d.location.line, d.message, d.hint])).toEqual([
      [
        'too-many-access-control-entries',
        'error',
        'loadBalancers[0].listeners[0].accessControl.cidrs',
        line(text, 'accessControl'),
        'the access control list has 301 addresses and CIDR blocks; an ELB IP address group holds at most 300, so the cloud refuses it',
        'merge addresses into wider CIDR blocks',
      ],
    ]);
  });
});
