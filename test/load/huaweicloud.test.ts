import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importHuaweicloud, loadModelFromText } from '../../src/load/index.js';
import { lint } from '../../src/lint/index.js';
import { formatRange } from '../../src/net/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { cli } from '../helpers/cli.js';
import { modelOf } from '../helpers/model.js';

const DUMP = 'test/fixtures/huaweicloud-api/dump';
const copy = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcreach-api-'));
  cpSync(DUMP, dir, { recursive: true });
  return dir;
};

describe('Huawei Cloud API responses are read into a model', () => {
  it('ids are names; links follow the API ids; a member ONLINE is healthy and OFFLINE unhealthy; a health monitor is its listener’s check; the account comes from the connections', () => {
    const { result, yaml } = importHuaweicloud(DUMP);
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const m = modelOf(result)!;
    expect([...m.instances.keys()]).toEqual(['ecs-client', 'ecs-web-1', 'ecs-web-2']);
    expect(m.instances.get('ecs-web-1')).toMatchObject({ subnet: 'subnet-provider', securityGroups: ['sg-web'] });
    expect(m.subnets.get('subnet-provider')!.networkAcl).toBe('acl-provider');
    const listener = m.listeners.get('listener-80')!;
    expect(listener.members.map((x) => [x.instance, x.healthy])).toEqual([
      ['ecs-web-1', true],
      ['ecs-web-2', false],
    ]);
    // The pool's health monitor is the listener's health check.
    expect(listener.healthCheck).toMatchObject({ enabled: true, protocol: 'http', port: 8081 });
    expect(listener.accessControl.mode).toBe('whitelist');
    expect(m.loadBalancers.get('elb-web')!.lbKind).toBe('dedicated');
    const svc = m.endpointServices.get('web')!;
    expect([svc.name, svc.backend, svc.account]).toEqual(['web', { kind: 'elb', loadBalancer: 'elb-web' }, '0970dd7a1300f5672ff2c003c60ae115']);
    expect([...m.endpoints.keys()]).toEqual(['endpoint-00000015']);
    // A file that is no body vpcreach reads is said once, and passed over.
    expect(result.diagnostics.map((d) => d.code)).toEqual(['api-body-unknown']);
    // The model file says the same.
    const again = modelOf(loadModelFromText('imported.yaml', yaml!))!;
    const q = { from: 'ecs-client', to: 'endpoint-00000015', port: 8080 };
    expect(new Simulator(again).decide(q)).toEqual(new Simulator(m).decide(q));
  });

  it('the flow through the endpoint reaches the healthy member; lint finds the missing redundancy', () => {
    const m = modelOf(importHuaweicloud(DUMP).result)!;
    const d = new Simulator(m).decide({ from: 'ecs-client', to: 'endpoint-00000015', port: 8080 });
    expect(d.ok && [d.value.verdict, d.value.code, d.value.at]).toEqual(['reachable', 'DELIVERED', 'ecs-web-1']);
    expect(lint(m).map((f) => f.ruleId)).toEqual(['elb-single-healthy-member', 'sg-world-open-sensitive-port']);
  });

  it("validation's diagnostics point into the response file, at the object", () => {
    const dir = copy();
    const file = join(dir, 'security-group-rules.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"remote_ip_prefix": "198.19.128.0/17"', '"remote_ip_prefix": "198.19.128.0/33"'));
    const r = importHuaweicloud(dir).result;
    expect(modelOf(r)).toBeUndefined();
    const d = r.diagnostics.find((x) => x.severity === 'error')!;
    const text = readFileSync(file, 'utf8');
    const i = text.indexOf('"198.19.128.0/33"');
    const before = text.slice(0, i);
    expect(d.location).toMatchObject({
      file,
      address: 'rule-00000102.remote_ip_prefix',
      line: before.split('\n').length,
      column: i - before.lastIndexOf('\n'),
    });
  });

  it('a shared load balancer (guaranteed: false) takes its whitelist from the v2 whitelists body', () => {
    const dir = copy();
    const lbs = join(dir, 'loadbalancers.json');
    writeFileSync(lbs, readFileSync(lbs, 'utf8').replace('"guaranteed": true', '"guaranteed": false'));
    const lis = join(dir, 'listeners.json');
    const listeners = JSON.parse(readFileSync(lis, 'utf8')) as { listeners: { id: string; ipgroup?: unknown; transparent_client_ip_enable?: boolean }[] };
    delete listeners.listeners[0]!.ipgroup;
    listeners.listeners[0]!.transparent_client_ip_enable = true;
    writeFileSync(lis, JSON.stringify(listeners));
    writeFileSync(
      join(dir, 'whitelists.json'),
      JSON.stringify({ whitelists: [{ id: 'w1', listener_id: listeners.listeners[0]!.id, enable_whitelist: true, whitelist: '198.19.128.0/17,10.0.0.0/16' }] }),
    );
    const m = modelOf(importHuaweicloud(dir).result)!;
    expect(m.loadBalancers.get('elb-web')!.lbKind).toBe('shared');
    const ac = m.listeners.get('listener-80')!.accessControl;
    expect([ac.mode, ac.cidrs.map(formatRange)]).toEqual(['whitelist', ['198.19.128.0/17', '10.0.0.0/16']]);
    // A shared TCP listener's Transfer Client IP is read; a dedicated one's is always on and not written down.
    expect(m.listeners.get('listener-80')!.transferClientIp).toBe(true);
  });

  it('a member the API calls IP-type is one (a dedicated load balancer with IP as a backend)', () => {
    const dir = copy();
    const lbs = join(dir, 'loadbalancers.json');
    writeFileSync(lbs, readFileSync(lbs, 'utf8').replace('"ip_target_enable": false', '"ip_target_enable": true'));
    const file = readdirSync(dir).find((f) => f.startsWith('members-'))!;
    const body = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { members: Record<string, unknown>[] };
    body.members[0]!.member_type = 'ip';
    writeFileSync(join(dir, file), JSON.stringify(body));
    const m = modelOf(importHuaweicloud(dir).result)!;
    expect(m.listeners.get('listener-80')!.members.map((x) => [x.instance, x.type])).toEqual([
      ['ecs-web-1', 'ip'],
      ['ecs-web-2', 'instance'],
    ]);
    expect(m.listeners.get('listener-80')!.transferClientIp).toBeNull();
  });

  it('a firewall rule’s source_port is its sourcePorts (tcp and udp), and decides the flow as the model’s would', () => {
    const dir = copy();
    const fw = join(dir, 'firewalls.json');
    const firewalls = JSON.parse(readFileSync(fw, 'utf8')) as { firewalls: { ingress_rules: Record<string, unknown>[] }[] };
    firewalls.firewalls[0]!.ingress_rules[0]!.source_port = '49152-65535';
    writeFileSync(fw, JSON.stringify(firewalls));
    const { result } = importHuaweicloud(dir);
    expect(result.diagnostics.filter((d) => d.code === 'terraform-source-port')).toEqual([]);
    const acl = modelOf(result)!.networkAcls.get('acl-provider')!;
    expect(acl.inbound.map((r) => r.sourcePorts)).toEqual([[{ lo: 49152, hi: 65535 }], null]);
  });

  it('an ICMP rule’s port_range_min is its type and port_range_max its code: null is every code, 0 is code 0 (the API says "any" with null)', () => {
    const dir = copy();
    const sr = join(dir, 'security-group-rules.json');
    const rules = JSON.parse(readFileSync(sr, 'utf8')) as { security_group_rules: Record<string, unknown>[] };
    const base = rules.security_group_rules.find((r) => r.direction === 'ingress' && r.protocol === 'tcp')!;
    const icmp = (id: string, min: number | null, max: number | null) => ({
      ...base,
      id,
      protocol: 'icmp',
      multiport: null,
      port_range_min: min,
      port_range_max: max,
    });
    rules.security_group_rules.push(icmp('r-frag', 3, 4), icmp('r-net-unreachable', 3, 0), icmp('r-echo', 8, null), icmp('r-any', null, null));
    writeFileSync(sr, JSON.stringify(rules));
    const { result } = importHuaweicloud(dir);
    expect(result.diagnostics.filter((d) => d.code === 'terraform-icmp-code')).toEqual([]);
    const group = [...modelOf(result)!.securityGroups.values()].find((g) => g.rules.some((r) => r.protocol === 'icmp'))!;
    expect(group.rules.filter((r) => r.protocol === 'icmp').map((r) => [r.ports, r.icmpCode])).toEqual([
      [[{ lo: 3, hi: 3 }], 4],
      [[{ lo: 3, hi: 3 }], 0],
      [[{ lo: 8, hi: 8 }], null],
      [null, null],
    ]);
  });

  it('address groups (the v3 address-groups body) are the addresses of the security-group and ACL rules that name them', () => {
    const dir = copy();
    const fw = join(dir, 'firewalls.json');
    const firewalls = JSON.parse(readFileSync(fw, 'utf8')) as { firewalls: { ingress_rules: Record<string, unknown>[] }[] };
    const rule = firewalls.firewalls[0]!.ingress_rules[0]!;
    delete rule.source_ip_address;
    rule.source_address_group_id = 'ag-1';
    writeFileSync(fw, JSON.stringify(firewalls));
    const sr = join(dir, 'security-group-rules.json');
    const rules = JSON.parse(readFileSync(sr, 'utf8')) as { security_group_rules: Record<string, unknown>[] };
    const ingress = rules.security_group_rules.find((r) => r.direction === 'ingress' && r.remote_ip_prefix === '198.19.128.0/17')!;
    ingress.remote_ip_prefix = null;
    ingress.remote_address_group_id = 'ag-1';
    writeFileSync(sr, JSON.stringify(rules));
    writeFileSync(
      join(dir, 'address-groups.json'),
      JSON.stringify({ address_groups: [{ id: 'ag-1', name: 'vpcep', ip_version: 4, ip_set: ['198.19.128.0/18', '198.19.192.0-198.19.255.255'] }] }),
    );
    const { result } = importHuaweicloud(dir);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const m = modelOf(result)!;
    expect(
      m.networkAcls
        .get('acl-provider')!
        .inbound.slice(0, 2)
        .map((r) => formatRange(r.source)),
    ).toEqual(['198.19.128.0/18', '198.19.192.0/18']);
    const group = [...m.securityGroups.values()].find((g) =>
      g.rules.some((r) => r.direction === 'ingress' && r.remote.kind === 'cidr' && r.remote.text === '198.19.192.0/18'),
    );
    expect(group, 'the rule naming the group is one rule per address').toBeDefined();
  });

  it('vpcreach import huaweicloud: the model file, or exit 2 with one clear message', async () => {
    const ok = await cli(['import', 'huaweicloud', DUMP]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^# Imported by vpcreach from the Huawei Cloud API responses in test\/fixtures\/huaweicloud-api\/dump \(17 files\)\./);
    const empty = mkdtempSync(join(tmpdir(), 'vpcreach-api-empty-'));
    const bad = copy();
    writeFileSync(join(bad, 'vpcs.json'), '{"vpcs": [ {"id": "x", ');
    const notDir = join(empty, 'missing');
    for (const [dir, message] of [
      [empty, /api-no-resources {2}.* holds no VPCs, subnets, servers, endpoint services or endpoints/],
      [bad, /vpcs\.json:1:\d+ {2}error {2}json-syntax/],
      [notDir, /file-not-found {2}.*missing does not exist/],
    ] as const) {
      const r = await cli(['import', 'huaweicloud', dir]);
      expect(r.code, dir).toBe(2);
      expect(r.err, dir).toMatch(message);
      expect(r.err).not.toMatch(/\n\s+at .*\.js:\d+/);
    }
  });
});
