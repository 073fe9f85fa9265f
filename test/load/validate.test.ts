import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadModel, loadModelFromText } from '../../src/load/index.js';
import { ecsSetup, modelOf, unreadable } from '../helpers/model.js';
import { DeferredLocation } from '../../src/model/index.js';

/** [line, column, code] of every diagnostic, in report order. */
function found(text: string): [number, number, string][] {
  return loadModelFromText('m.yaml', text).diagnostics.map((d) => [d.location.line, d.location.column, d.code]);
}

describe('validate: a file with many mistakes', () => {
  it('reports every mistake with its position in one run', () => {
    const file = 'test/fixtures/ten-mistakes.yaml';
    const r = loadModel(file);
    expect(modelOf(r)).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.location.line, d.location.column, d.code, d.severity])).toEqual([
      [7, 31, 'subnet-outside-vpc', 'error'],
      [9, 11, 'vpcep-range-overlap', 'error'],
      [13, 22, 'invalid-value', 'error'],
      [14, 53, 'invalid-port-range', 'error'],
      [16, 51, 'ip-outside-subnet', 'error'],
      [16, 82, 'unresolved-reference', 'error'],
      [17, 11, 'duplicate-id', 'error'],
      [21, 41, 'backend-kind-mismatch', 'error'],
      [23, 21, 'port-mapping-protocol', 'error'],
      [23, 57, 'invalid-port', 'error'],
      [24, 19, 'invalid-permission', 'error'],
      [25, 13, 'invalid-tag-key', 'error'],
      [26, 5, 'unknown-field', 'error'],
    ]);
    expect(r.diagnostics.every((d) => d.location.file === file)).toBe(true);
    const hints = Object.fromEntries(r.diagnostics.map((d) => [d.code, d.hint]));
    expect(hints['unresolved-reference']).toBe('did you mean sg-backend?');
    expect(hints['invalid-value']).toBe('did you mean ingress?');
    expect(hints['invalid-permission']).toBe('write "iam:domain::account-a" for an account id, or "iam:domainName::account-a" for an account name');
    expect(readFileSync(file, 'utf8').split('\n')[15]!.slice(81, 90)).toBe('sg-bakend');
  });
});

describe('validate: syntax and structure', () => {
  it('reports YAML syntax errors with a position and no model', () => {
    const r = loadModelFromText('m.yaml', 'vpcs:\n  - id: a\n    cidr: [1, 2\n');
    expect(modelOf(r)).toBeUndefined();
    // One error, at the bracket that is not closed (the parser notices it only where the input ends).
    expect(r.diagnostics.map((d) => [d.code, d.location.line, d.location.column, d.message])).toEqual([['yaml-syntax', 3, 11, 'an opening [ is not closed']]);
  });
  it('reports duplicate keys', () => {
    expect(found('region: a\nregion: b\n')).toEqual([[2, 1, 'duplicate-key']]);
  });
  it('points a duplicate key at the key itself, in nested and flow mappings too', () => {
    // The YAML parser's own report pointed at the end of the line before the key.
    expect(found('vpcs:\n  - id: v\n    cidr: 10.0.0.0/16\n    id: w\n')).toEqual([[4, 5, 'duplicate-key']]);
    expect(found('vpcs:\n  - { id: v, cidr: 10.0.0.0/16, id: w }\n')).toEqual([[2, 33, 'duplicate-key']]);
    expect(found('region: a\nvpcs: []\n"region": b\n')).toEqual([[3, 1, 'duplicate-key']]);
  });
  it('reports a file that is not a mapping', () => {
    expect(found('- a\n- b\n')).toEqual([[1, 1, 'invalid-type']]);
    expect(found('')).toEqual([[1, 1, 'empty-file']]);
  });
  it('reports unknown fields at the key, with a suggestion', () => {
    const r = loadModelFromText('m.yaml', 'vpcs:\n  - id: v\n    cidr: 10.0.0.0/16\n    subnet: []\n');
    expect(r.diagnostics.map((d) => [d.location.line, d.location.column, d.code, d.hint])).toEqual([[4, 5, 'unknown-field', 'did you mean subnets?']]);
  });
  it('reports missing fields at the parent', () => {
    expect(found('vpcs:\n  - id: v\n')).toEqual([[2, 5, 'missing-field']]);
  });
  it('reports wrong types', () => {
    const r = loadModelFromText('m.yaml', 'vpcs:\n  - id: v\n    cidr: 10\n');
    expect(r.diagnostics.map((d) => [d.location.line, d.location.column, d.code, d.message])).toEqual([
      [3, 11, 'invalid-type', 'vpcs[0].cidr must be a string, got 10'],
    ]);
  });
  it('accepts JSON', () => {
    const r = loadModelFromText(
      'm.json',
      JSON.stringify({ region: 'r', vpcs: [{ id: 'v', cidr: '10.0.0.0/16', subnets: [{ id: 's', cidr: '10.0.1.0/24' }] }] }),
    );
    expect(r.diagnostics).toEqual([]);
    expect(modelOf(r)?.subnets.get('s')?.vpc).toBe('v');
  });
  it("finds a resource's location when it is read, and serializes it as a plain location", () => {
    const text = '{\n  "region": "r",\n  "vpcs": [\n    {"id": "v", "cidr": "10.0.0.0/16",\n     "subnets": [{"id": "s", "cidr": "10.0.1.0/24"}]}\n  ]\n}\n';
    const r = loadModelFromText('m.json', text);
    const loc = modelOf(r)!.subnets.get('s')!.loc;
    const plain = { file: 'm.json', path: 'vpcs[0].subnets[0]', line: 5, column: 18 };
    expect({ file: loc.file, path: loc.path, line: loc.line, column: loc.column, address: loc.address }).toEqual({ ...plain, address: undefined });
    expect(JSON.parse(JSON.stringify(loc))).toEqual(plain);
    expect(loc).toBeInstanceOf(DeferredLocation);
    expect((loc as DeferredLocation<unknown>).resolved()).toEqual(plain);
  });
  it('reports a missing file as unreadable', () => {
    const r = loadModel('no/such/file.yaml');
    expect(unreadable(r)).toBe(true);
    expect(r.diagnostics[0]?.code).toBe('file-not-found');
  });
});

describe('validate: addresses', () => {
  const base = (subnet: string, extra = ''): string => `vpcs:\n  - id: v\n    cidr: 10.0.0.0/16\n    subnets:\n      - ${subnet}\n${extra}`;
  it('invalid CIDRs and host bits', () => {
    expect(found(base('{ id: s, cidr: 10.0.1.5/24 }'))).toEqual([[5, 24, 'invalid-cidr']]);
    expect(found(base('{ id: s, cidr: 10.0.1.0/40 }'))).toEqual([[5, 24, 'invalid-cidr']]);
  });
  it('subnet outside its VPC and overlapping subnets', () => {
    expect(found(base('{ id: s, cidr: 10.1.0.0/24 }'))).toEqual([[5, 24, 'subnet-outside-vpc']]);
    expect(found(base('{ id: s, cidr: 10.0.0.0/24 }\n      - { id: t, cidr: 10.0.0.128/25 }'))).toEqual([[6, 24, 'subnet-overlap']]);
  });
  it('VPC or subnet overlapping 198.19.128.0/17', () => {
    expect(found('vpcs:\n  - id: v\n    cidr: 198.19.0.0/16\n    subnets: [ { id: s, cidr: 198.19.130.0/24 } ]\n')).toEqual([
      [3, 11, 'vpcep-range-overlap'],
      [4, 31, 'vpcep-range-overlap'],
    ]);
  });
  it('IPs: invalid, leading zeros, outside the subnet, duplicate in a VPC (a reserved address is valid: a lint finding)', () => {
    const inst = (id: string, ip: string): string => `  - { id: ${id}, kind: ecs, subnet: s, ip: "${ip}", securityGroups: [g] }\n`;
    const text = base(
      '{ id: s, cidr: 10.0.1.0/24 }',
      `securityGroups: [ { id: g } ]\ninstances:\n${inst('a', '10.0.1.300')}${inst('b', '10.0.01.5')}${inst('c', '10.0.2.5')}${inst('d', '10.0.1.7')}${inst('e', '10.0.1.7')}${inst('f', '10.0.1.255')}`,
    );
    expect(found(text)).toEqual([
      [8, 40, 'invalid-ip'],
      [9, 40, 'invalid-ip'],
      [10, 40, 'ip-outside-subnet'],
      [12, 40, 'duplicate-ip'],
    ]);
    const r = loadModelFromText('m.yaml', text);
    expect(r.diagnostics[1]?.hint).toBe('write "10.0.1.5" if decimal was meant');
  });
});

describe('validate: rules of the source document', () => {
  it('port mappings: protocol TCP only, 1-65535, no duplicate terminal port, at most 50', () => {
    const maps = [
      '{ protocol: udp, servicePort: 80, terminalPort: 80 }',
      '{ servicePort: 0, terminalPort: 81 }',
      '{ servicePort: 80, terminalPort: 90 }',
      '{ servicePort: 81, terminalPort: 90 }',
    ];
    const text = ecsSetup({ service: `{ id: svc, vpc: vpc-p, backend: { kind: ecs, instance: backend }, portMappings: [ ${maps.join(', ')} ] }` });
    expect(found(text).map(([, , c]) => c)).toEqual(['port-mapping-protocol', 'invalid-port', 'duplicate-terminal-port']);
    // The API takes 200 mappings in one request (the console 50 per operation): 200 load, 201 are refused.
    const many = (n: number) => Array.from({ length: n }, (_, i) => `{ servicePort: 80, terminalPort: ${i + 1} }`).join(', ');
    const service = (n: number) => ecsSetup({ service: `{ id: svc, vpc: vpc-p, backend: { kind: ecs, instance: backend }, portMappings: [ ${many(n)} ] }` });
    expect(found(service(200))).toEqual([]);
    expect(found(service(201)).map(([, , c]) => c)).toEqual(['too-many-port-mappings']);
  });
  it('service type interface only', () => {
    const text = ecsSetup({
      service:
        '{ id: svc, vpc: vpc-p, serviceType: gateway, backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }',
    });
    expect(found(text).map(([, , c]) => c)).toEqual(['service-type']);
  });
  it('backend kind must match and the backend must be in the service VPC', () => {
    const bms = ecsSetup({
      service: '{ id: svc, vpc: vpc-p, backend: { kind: bms, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }',
    });
    const r = loadModelFromText('m.yaml', bms);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['backend-kind-mismatch']);
    expect(r.diagnostics[0]?.message).toBe('backend kind "bms" needs a BMS instance, but "backend" is an ECS instance');
    const sg = ecsSetup({
      service: '{ id: svc, vpc: vpc-p, backend: { kind: elb, loadBalancer: sg-b }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }',
    });
    expect(found(sg).map(([, , c]) => c)).toEqual(['backend-kind-mismatch']);
    const elsewhere = ecsSetup({
      service: '{ id: svc, vpc: vpc-c, backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }',
    });
    expect(found(elsewhere).map(([, , c]) => c)).toEqual(['backend-outside-vpc']);
  });
  it('endpoint and service in the same region', () => {
    const text = ecsSetup({ endpoint: '{ id: ep, region: r2, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc }' });
    expect(found(text).map(([, , c]) => c)).toEqual(['region-mismatch']);
  });
  it('tags: count, key and value rules', () => {
    const tags = Array.from({ length: 11 }, (_, i) => `k${i}: v`).join(', ');
    const svc = (t: string): string =>
      ecsSetup({
        service: `{ id: svc, vpc: vpc-p, backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ], tags: { ${t} } }`,
      });
    expect(found(svc(tags)).map(([, , c]) => c)).toEqual(['too-many-tags']);
    expect(found(svc(`"${'k'.repeat(37)}": v`)).map(([, , c]) => c)).toEqual(['invalid-tag-key']);
    expect(found(svc(`" lead": v`)).map(([, , c]) => c)).toEqual(['invalid-tag-key']);
    expect(found(svc(`"a=b": v`)).map(([, , c]) => c)).toEqual(['invalid-tag-key']);
    expect(found(svc(`k: "${'v'.repeat(44)}"`)).map(([, , c]) => c)).toEqual(['invalid-tag-value']);
    expect(found(svc(`k: ""`)).map(([, , c]) => c)).toEqual(['invalid-tag-value']);
    expect(found(svc(`k: "a|b"`)).map(([, , c]) => c)).toEqual(['invalid-tag-value']);
    expect(found(svc(`"${'k'.repeat(36)}": "${'v'.repeat(43)}"`))).toEqual([]);
  });
  it('tags are checked even when the rest of the resource is broken', () => {
    const text = ecsSetup().replace(
      '{ id: backend, kind: ecs, subnet: sub-p, ip: 10.0.1.20,',
      '{ id: backend, kind: ecs, subnet: sub-p, ip: 10.9.9.9, tags: { "a/b": x },',
    );
    expect(found(text).map(([, , c]) => c)).toEqual(['ip-outside-subnet', 'invalid-tag-key']);
  });
  it('permission entries', () => {
    const svc = (p: string): string =>
      ecsSetup({
        service: `{ id: svc, vpc: vpc-p, backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ], permissions: [${p}] }`,
      });
    expect(found(svc('"*", "iam:domain::abc123"'))).toEqual([]);
    expect(found(svc('"iam:user::x"')).map(([, , c]) => c)).toEqual(['invalid-permission']);
  });
  it('security-group rules: ports, priorities, peers', () => {
    const rules = [
      '      - { direction: ingress, protocol: tcp, ports: 0, source: 10.0.0.0/8 }',
      '      - { direction: ingress, protocol: tcp, ports: 8080, source: 10.0.0.0/8, priority: 101 }',
      '      - { direction: ingress, protocol: icmp, ports: 8080 }',
      '      - { direction: ingress, protocol: any, ports: 80 }',
      '      - { direction: ingress, protocol: tcp, destination: 10.0.0.0/8 }',
      '      - { direction: ingress, protocol: tcp, source: 10.0.0.0/8, sourceGroup: sg-c }',
      '      - { direction: ingress, protocol: tcp, sourceGroup: sg-nope }',
    ].join('\n');
    expect(found(ecsSetup({ backendRules: rules })).map(([, , c]) => c)).toEqual([
      'invalid-port',
      'invalid-priority',
      'invalid-icmp-type',
      'ports-not-applicable',
      'rule-peer',
      'rule-peer',
      'unresolved-reference',
    ]);
  });
  it('references to the wrong kind of resource', () => {
    const text = ecsSetup({ endpoint: '{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: backend }' });
    const r = loadModelFromText('m.yaml', text);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['wrong-reference-kind', '"backend" is an instance, not an endpoint service']]);
  });
  it('an instance may listen on nothing (found by the fuzz campaign)', () => {
    const r = loadModelFromText('m.yaml', ecsSetup({ listens: ', listens: []' }));
    expect(r.diagnostics).toEqual([]);
    expect(modelOf(r)?.instances.get('backend')?.listens).toEqual([]);
  });
  it('conditions that are trace outcomes are not validation errors', () => {
    const text = ecsSetup({
      service: '{ id: svc, vpc: vpc-p, approval: true, backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 9999, terminalPort: 80 } ] }',
      listens: ', listens: [22]',
    });
    const r = loadModelFromText('m.yaml', text);
    expect(r.diagnostics).toEqual([]);
    expect(modelOf(r)?.endpoints.get('ep')?.status).toBe('pendingAcceptance');
  });
});

describe('ids hold no control characters (every report and picture shows them; XML cannot hold most of them)', () => {
  it.each(['0001', '001B', '0000', 'FFFE', '007F'])('an id with U+%s is an error at the id', async (hex) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    const { loadModelFromText } = await import('../../src/load/index.js');
    const text = JSON.stringify({ region: 'r', vpcs: [{ id: `vpc${c}1`, cidr: '10.0.0.0/16', subnets: [] }] });
    const r = loadModelFromText('m.json', text);
    expect(modelOf(r)).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.location.path, d.message])).toEqual([
      ['invalid-value', 'vpcs[0].id', 'vpcs[0].id: must not hold control characters'],
    ]);
  });

  it('the pictures replace what XML cannot hold, whatever text reaches them', async () => {
    const { xmlText } = await import('../../src/report/picture/svg.js');
    expect(xmlText('a\u0001b\u001b[31m<c>\ufffe\u0000')).toBe('a\ufffdb\ufffd[31m&#60;c&#62;\ufffd\ufffd');
  });
});
