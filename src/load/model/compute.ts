/** Instances and security groups (group rules that name a group match its members' addresses). */
import { type PortRange, type RuleProtocol } from '../../net/index.js';
import type { SecurityGroupRule } from '../../model/index.js';
import type { RawInstance, RawSecurityGroup } from '../schema.js';
import type { DataPath } from '../source.js';
import type { ValidationContext } from './context.js';
import { ref } from './ids.js';
import { ANY, addressInSubnet, cidrAt, icmpCodeAt, ipAt, portsAt, rulePortsAt, tagsAt, toNumber } from './values.js';

export function buildInstance(ctx: ValidationContext, raw: RawInstance, path: DataPath): void {
  const tags = tagsAt(ctx, path, raw.tags);
  const subnetOk = ref(ctx, [...path, 'subnet'], raw.subnet, ['subnet']);
  raw.securityGroups.forEach((g, i) => ref(ctx, [...path, 'securityGroups', i], g, ['securityGroup']));
  let listens: PortRange[] | null | undefined = null;
  // An empty list is legitimate here: the instance listens on nothing.
  if (raw.listens !== undefined) listens = raw.listens.length === 0 ? [] : portsAt(ctx, path, raw.listens, 'listens');
  const placed = subnetOk ? addressInSubnet(ctx, raw.subnet, raw.ip, raw.id, path) : (ipAt(ctx, [...path, 'ip'], raw.ip), undefined);
  if (!placed || listens === undefined) return;
  ctx.instances.set(raw.id, {
    kind: 'instance',
    id: raw.id,
    loc: ctx.loc(path),
    tags,
    instanceKind: raw.kind,
    vpc: placed.subnet.vpc,
    subnet: placed.subnet.id,
    ip: placed.ip,
    securityGroups: [...raw.securityGroups],
    listens,
  });
}

/** The peer fields of an ingress and an egress rule (CIDR, group), then the two that do not apply. */
const INGRESS_FIELDS = ['source', 'sourceGroup', 'destination', 'destinationGroup'] as const;
const EGRESS_FIELDS = ['destination', 'destinationGroup', 'source', 'sourceGroup'] as const;
const INGRESS_WRONG = [INGRESS_FIELDS[2], INGRESS_FIELDS[3]] as const;
const EGRESS_WRONG = [EGRESS_FIELDS[2], EGRESS_FIELDS[3]] as const;

export function buildSecurityGroup(ctx: ValidationContext, raw: RawSecurityGroup, path: DataPath): void {
  const tags = tagsAt(ctx, path, raw.tags);
  const rules: SecurityGroupRule[] = [];
  const peers = peersOf(ctx);
  (raw.rules ?? []).forEach((r, index) => {
    if (r === null) return;
    const p = [...path, 'rules', index];
    const ingress = r.direction === 'ingress';
    const [cidrField, groupField] = ingress ? INGRESS_FIELDS : EGRESS_FIELDS;
    let bad = false;
    for (const wrong of ingress ? INGRESS_WRONG : EGRESS_WRONG) {
      if (r[wrong] !== undefined) {
        ctx.error(
          'rule-peer',
          [...p, wrong],
          `${r.direction} rules match the ${ingress ? 'source' : 'destination'}; "${wrong}" does not apply`,
          `use ${ingress ? 'source or sourceGroup' : 'destination or destinationGroup'}`,
          true,
        );
        bad = true;
      }
    }
    if (r[cidrField] !== undefined && r[groupField] !== undefined) {
      ctx.error('rule-peer', [...p, groupField], `a rule has either ${cidrField} or ${groupField}, not both`, 'split it into two rules', true);
      bad = true;
    }
    const priority = toNumber(r.priority ?? 1);
    if (!Number.isInteger(priority) || priority < 1 || priority > 100) {
      ctx.error(
        'invalid-priority',
        [...p, 'priority'],
        `priority ${String(r.priority)} is not a whole number from 1 to 100`,
        'security-group priorities are whole numbers from 1 (evaluated first) to 100',
      );
      bad = true;
    }
    const protocol: RuleProtocol = r.protocol ?? 'any';
    const ports = rulePortsAt(ctx, p, protocol, r.ports);
    const icmpCode = icmpCodeAt(ctx, p, protocol, ports, r.icmpCode);
    let remote: SecurityGroupRule['remote'] | undefined;
    const groupRef = r[groupField];
    const cidrText = r[cidrField];
    if (groupRef !== undefined) {
      if (ref(ctx, [...p, groupField], groupRef, ['securityGroup'])) remote = { kind: 'group', group: groupRef };
    } else {
      const text = cidrText ?? '0.0.0.0/0';
      let peer = peers.get(text);
      if (!peer) {
        const c = cidrText === undefined ? ANY : cidrAt(ctx, [...p, cidrField], cidrText, true);
        if (c) peers.set(text, (peer = { kind: 'cidr', cidr: c, text }));
      }
      if (peer) remote = peer;
    }
    if (bad || ports === undefined || icmpCode === undefined || !remote) return;
    rules.push({
      index,
      direction: r.direction,
      protocol,
      ports,
      icmpCode,
      remote,
      action: r.action ?? 'allow',
      priority,
      description: r.description ?? null,
      loc: ctx.loc(p),
    });
  });
  ctx.securityGroups.set(raw.id, { kind: 'securityGroup', id: raw.id, loc: ctx.loc(path), tags, rules });
}

/** A CIDR peer of security-group rules, as written (immutable, shared by every rule that writes it). */
type Peer = Extract<SecurityGroupRule['remote'], { kind: 'cidr' }>;

const peersByContext = new WeakMap<ValidationContext, Map<string, Peer>>();

/**
 * The CIDR peers of a model's rules by their text: a few texts (the VPCEP range, 0.0.0.0/0, the VPC's range) serve
 * most of 100,000 rules; one object each instead of three per rule. Only valid CIDRs are kept, so every occurrence
 * of a bad one is still reported.
 */
function peersOf(ctx: ValidationContext): Map<string, Peer> {
  let peers = peersByContext.get(ctx);
  if (!peers) peersByContext.set(ctx, (peers = new Map<string, Peer>()));
  return peers;
}
