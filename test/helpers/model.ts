import { loadModelFromText, type LoadResult } from '../../src/load/index.js';
import type { Model } from '../../src/model/index.js';
import { Simulator } from '../../src/sim/engine.js';
import type { Hop, TraceResult } from '../../src/sim/types.js';

/** Loads model text and fails the test with the diagnostics when it is invalid. */
export function model(text: string, file = 'test.yaml'): Model {
  const r = loadModelFromText(file, text);
  if (!r.ok) throw new Error(`model is invalid:\n${r.diagnostics.map((d) => `${d.location.line}:${d.location.column} ${d.code} ${d.message}`).join('\n')}`);
  return r.value;
}

/** The model a load gave, or undefined when it gave none. */
export function modelOf(r: LoadResult): Model | undefined {
  return r.ok ? r.value : undefined;
}

/** Whether a load failed because the file could not be read or parsed at all. */
export function unreadable(r: LoadResult): boolean {
  return !r.ok && r.error === 'unreadable';
}

/** Traces a flow and fails the test when the query is rejected. */
export function run(m: Model, from: string, to: string, port: number, protocol: 'tcp' | 'udp' | 'icmp' = 'tcp'): TraceResult {
  const out = new Simulator(m).trace({ from, to, port, protocol });
  if (!out.ok) throw new Error(`query rejected: ${out.error.message}`);
  return out.value;
}

/** A compact view of a path: per hop, the node and its step kinds (filters with their decision). */
export function shape(hops: readonly Hop[]): string[] {
  return hops.map(
    (h) =>
      `${h.node}: ` +
      h.steps
        .map((s) => {
          switch (s.type) {
            case 'filter':
              return `${s.filter}=${s.decision}`;
            case 'transform':
              return s.transform;
            case 'drop':
              return `drop ${s.code}`;
            case 'forward':
              return `forward ${s.to}`;
            case 'deliver':
              return `deliver ${s.to}`;
            case 'originate':
              return 'originate';
          }
        })
        .join(', '),
  );
}

/**
 * A small ECS-backed VPCEP setup as YAML, with hooks to change one part.
 * Consumer 192.168.1.0/24 (account a), provider 10.0.1.0/24 (account b).
 */
export function ecsSetup(
  o: { backendRules?: string; clientRules?: string; service?: string; endpoint?: string; acls?: string; providerSubnet?: string; listens?: string } = {},
): string {
  return `
region: r1
vpcs:
  - id: vpc-c
    account: a
    cidr: 192.168.0.0/16
    subnets:
      - { id: sub-c, cidr: 192.168.1.0/24 }
      - { id: sub-e, cidr: 192.168.2.0/24 }
  - id: vpc-p
    account: b
    cidr: 10.0.0.0/16
    subnets:
      - ${o.providerSubnet ?? '{ id: sub-p, cidr: 10.0.1.0/24 }'}
networkAcls:
${o.acls ?? '  []'}
securityGroups:
  - id: sg-c
    rules:
${o.clientRules ?? '      - { direction: egress, protocol: any }'}
  - id: sg-b
    rules:
${o.backendRules ?? '      - { direction: ingress, protocol: tcp, ports: 8080, source: 198.19.128.0/17 }'}
instances:
  - { id: client, kind: ecs, subnet: sub-c, ip: 192.168.1.10, securityGroups: [sg-c] }
  - { id: backend, kind: ecs, subnet: sub-p, ip: 10.0.1.20, securityGroups: [sg-b]${o.listens ?? ', listens: [8080]'} }
endpointServices:
  - ${o.service ?? '{ id: svc, vpc: vpc-p, approval: false, permissions: ["iam:domain::a"], backend: { kind: ecs, instance: backend }, portMappings: [ { servicePort: 8080, terminalPort: 80 } ] }'}
endpoints:
  - ${o.endpoint ?? '{ id: ep, vpc: vpc-c, subnet: sub-e, ip: 192.168.2.50, service: svc }'}
`;
}
