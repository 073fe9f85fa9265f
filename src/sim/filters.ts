import { formatPorts, formatRange, intervals, portsContain, protocolMatches, type FlowProtocol, type IntervalSet } from '../net/index.js';
import type { NetworkAcl, NetworkAclRule, SecurityGroup, SecurityGroupRule, SourceLocation } from '../model/index.js';
import type { RuleRef } from './types.js';

/** A rule ready for evaluation: its action and the peer addresses it matches (the other fields already matched). */
export interface OrderedRule {
  readonly resource: string;
  readonly index: number;
  readonly action: 'allow' | 'deny';
  readonly peer: IntervalSet;
  readonly text: string;
  readonly loc: SourceLocation | null;
}

/** The outcome of a first-match filter over a set of candidate peer addresses. */
export interface FilterEvaluation {
  readonly decision: 'allow' | 'deny' | 'partial';
  /** The candidates the filter admits. */
  readonly allowed: IntervalSet;
  /** Rules that decided part of the candidates, in evaluation order. */
  readonly rules: readonly RuleRef[];
  /** The candidates no rule matched (denied by default). */
  readonly unmatched: IntervalSet;
}

/**
 * First match over a set: each rule decides the still-undecided candidates it matches.
 * What no rule decides is denied. Works for one address and for a whole range alike.
 */
export function evaluate(rules: Iterable<OrderedRule>, candidates: IntervalSet): FilterEvaluation {
  let undecided = candidates;
  let allowed: IntervalSet = intervals.EMPTY;
  const decided: RuleRef[] = [];
  for (const rule of rules) {
    if (undecided.length === 0) break;
    const hit = intervals.intersect(undecided, rule.peer);
    if (hit.length === 0) continue;
    decided.push({
      resource: rule.resource,
      index: rule.index,
      text: rule.text,
      action: rule.action,
      matched: formatSet(hit),
      file: rule.loc?.file ?? '',
      line: rule.loc?.line ?? 0,
      column: rule.loc?.column ?? 0,
    });
    if (rule.action === 'allow') allowed = intervals.union(allowed, hit);
    undecided = intervals.subtract(undecided, hit);
  }
  const total = intervals.size(candidates);
  const got = intervals.size(allowed);
  return { decision: got === total ? 'allow' : got === 0 ? 'deny' : 'partial', allowed, rules: decided, unmatched: undecided };
}

/** Prints an address set: "10.0.0.1", "198.19.128.0/17", or a comma-separated list. */
export function formatSet(set: IntervalSet): string {
  if (set.length === 0) return '(none)';
  return set.map(formatRange).join(', ');
}

/** The rules of an instance's security groups that apply to a flow, in evaluation order (groups in listed order). */
export function securityGroupRules(groups: readonly SecurityGroup[], direction: 'ingress' | 'egress', protocol: FlowProtocol, port: number): OrderedRule[] {
  const out: OrderedRule[] = [];
  for (const g of groups) {
    for (const r of direction === 'ingress' ? g.ingress : g.egress) {
      if (!protocolMatches(r.protocol, protocol)) continue;
      if (r.ports !== null && !portsContain(r.ports, port)) continue;
      out.push({ resource: g.id, index: r.index, action: r.action, peer: r.remoteSet, text: describeSgRule(r), loc: r.loc });
    }
  }
  return out;
}

/** A security-group rule in words. */
export function describeSgRule(r: SecurityGroupRule): string {
  const peer = r.remote.kind === 'group' ? `group ${r.remote.group}` : formatRange(r.remote.cidr);
  const proto = r.protocol === 'any' ? 'any protocol' : r.protocol;
  return `rules[${r.index}]: ${r.direction} ${r.action} ${proto} ${formatPorts(r.ports)} ${r.direction === 'ingress' ? 'from' : 'to'} ${peer} (priority ${r.priority})`;
}

/** A network ACL rule in words. */
export function describeAclRule(r: NetworkAclRule): string {
  const proto = r.protocol === 'any' ? 'any protocol' : r.protocol;
  return `${r.direction}[${r.index}]: ${r.action} ${proto} ${formatPorts(r.ports)} from ${formatRange(r.source)} to ${formatRange(r.destination)} (priority ${r.priority})`;
}

/** Addresses a subnet ACL lets in without a rule (Huawei preset: reserved public service range used by shared ELBs). */
export const ACL_PRESET_INBOUND: OrderedRule = {
  resource: '(preset)',
  index: -1,
  action: 'allow',
  peer: [{ lo: 0x647d0000, hi: 0x647dffff }],
  text: 'preset inbound allow from 100.125.0.0/16 (reserved public service range)',
  loc: null,
};

/**
 * The rules of a network ACL that apply to a flow. For inbound rules the peer is the source and `fixed` is the
 * destination address; for outbound rules the peer is the destination and `fixed` is the source address.
 */
export function networkAclRules(acl: NetworkAcl, direction: 'inbound' | 'outbound', protocol: FlowProtocol, port: number, fixed: number): OrderedRule[] {
  const out: OrderedRule[] = direction === 'inbound' ? [{ ...ACL_PRESET_INBOUND, resource: acl.id }] : [];
  for (const r of direction === 'inbound' ? acl.inbound : acl.outbound) {
    if (!protocolMatches(r.protocol, protocol)) continue;
    if (r.ports !== null && !portsContain(r.ports, port)) continue;
    const other = direction === 'inbound' ? r.destination : r.source;
    if (fixed < other.lo || fixed > other.hi) continue;
    const peer = direction === 'inbound' ? r.source : r.destination;
    out.push({ resource: acl.id, index: r.index, action: r.action, peer: [{ lo: peer.lo, hi: peer.hi }], text: describeAclRule(r), loc: r.loc });
  }
  return out;
}
