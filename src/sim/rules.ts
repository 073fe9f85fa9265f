/**
 * What the provider decides of a filter's rules that the model leaves as written: the order rules are evaluated in,
 * and the addresses a security-group rule's peer stands for. The compiled model reads them from here.
 */
import { intervals, type IntervalSet } from '../net/index.js';
import type { Model, NetworkAclRule, RemoteSpec, SecurityGroupRule } from '../model/index.js';

/**
 * A security group's rules of one direction in the order the provider evaluates them: priority (a lower number first),
 * a deny before an allow of the same priority, then file order.
 */
export function securityGroupOrder(rules: readonly SecurityGroupRule[], direction: 'ingress' | 'egress'): SecurityGroupRule[] {
  return rules
    .filter((r) => r.direction === direction)
    .sort((a, b) => a.priority - b.priority || (a.action === b.action ? 0 : a.action === 'deny' ? -1 : 1) || a.index - b.index);
}

/**
 * A network ACL's rules of one direction in the order the provider evaluates them: priority, then file order. A rule
 * switched off is not evaluated (Huawei console: "开启/关闭网络ACL规则").
 */
export function networkAclOrder(rules: readonly NetworkAclRule[]): NetworkAclRule[] {
  return rules.filter((r) => r.enabled).sort((a, b) => a.priority - b.priority || a.index - b.index);
}

/**
 * The addresses a security-group rule's peer stands for: its CIDR block, or the addresses of the group's member
 * instances (membership is the instances' `securityGroups`; a group with no members matches no address).
 */
export class PeerSets {
  // One set per peer as written: the loader shares a peer among the rules that write it, so do its sets.
  private readonly cidrs = new WeakMap<RemoteSpec, IntervalSet>();
  private members: Map<string, IntervalSet> | null = null;

  constructor(private readonly model: Model) {}

  of(remote: RemoteSpec): IntervalSet {
    if (remote.kind === 'group') return this.groupMembers().get(remote.group) ?? intervals.EMPTY;
    let set = this.cidrs.get(remote);
    if (!set) this.cidrs.set(remote, (set = [{ lo: remote.cidr.lo, hi: remote.cidr.hi }]));
    return set;
  }

  /** Each group's member addresses, made in one pass over the instances on first use (a pass per rule was rules × instances). */
  private groupMembers(): Map<string, IntervalSet> {
    if (this.members) return this.members;
    const ips = new Map<string, { lo: number; hi: number }[]>();
    for (const inst of this.model.instances.values()) {
      for (const g of inst.securityGroups) {
        const list = ips.get(g);
        if (list) list.push({ lo: inst.ip, hi: inst.ip });
        else ips.set(g, [{ lo: inst.ip, hi: inst.ip }]);
      }
    }
    return (this.members = new Map([...ips].map(([g, list]) => [g, intervals.fromRanges(list)])));
  }
}
