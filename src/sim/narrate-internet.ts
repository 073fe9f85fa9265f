// The narration of the internet's hops: NAT gateway rules, EIP and NAT rewrites, and why the internet does not reach.
import { formatIpv4, formatRange } from '../net/index.js';
import type { DnatRule, Model } from '../model/index.js';
import type { Decision, NatRuleDecision, RouteFailure } from './decisions.js';
import type { NarratedFilter } from './narrate-filters.js';
import type { Step } from './types.js';
import { formatSet, view } from './words.js';

/** A DNAT rule in words: "dnatRules[0]: tcp 203.0.113.5:8080 → 10.0.1.10:80". */
function dnatText(rule: DnatRule, model: Model): string {
  const eip = model.eips.get(rule.eip)!;
  const to = rule.instance ?? formatIpv4(rule.privateIp);
  return rule.protocol === 'any'
    ? `dnatRules[${rule.index}]: every port of ${formatIpv4(eip.address)} (${eip.id}) → ${to}`
    : `dnatRules[${rule.index}]: ${rule.protocol} ${formatIpv4(eip.address)}:${rule.externalPort} (${eip.id}) → ${to}:${rule.internalPort}`;
}

export function narrateNatRule(d: NatRuleDecision, model: Model): NarratedFilter {
  const f = view(d.space);
  const g = d.gateway;
  if (d.filter === 'snat-rule') {
    if (d.rule) {
      const r = d.rule;
      const detail = `SNAT rule snatRules[${r.index}] of ${g.id} serves ${r.subnet ? `subnet ${r.subnet}` : formatRange(r.source)} (${formatRange(r.source)}), which holds ${f.src}`;
      return { step: { type: 'filter', filter: 'snat-rule', resource: g.id, decision: 'allow', rules: [], detail }, drop: () => ({ detail }) };
    }
    const detail = `no SNAT rule of NAT gateway ${g.id} serves ${f.src}${g.snatRules.length ? ` (its rules serve ${g.snatRules.map((r) => formatRange(r.source)).join(', ')})` : ' (it has no SNAT rules)'}`;
    return {
      step: { type: 'filter', filter: 'snat-rule', resource: g.id, decision: 'deny', rules: [], detail },
      drop: () => ({ detail, fix: `add an SNAT rule to ${g.id} for the client's subnet, with an EIP of the gateway` }),
    };
  }
  if (d.rule && d.outcome === 'allow') {
    const detail = `${dnatText(d.rule, model)} of NAT gateway ${g.id} forwards ${f.protocol}/${f.dstPort}`;
    return { step: { type: 'filter', filter: 'dnat-rule', resource: g.id, decision: 'allow', rules: [], detail }, drop: () => ({ detail }) };
  }
  const eip = `${formatIpv4(d.eip.address)} (${d.eip.id})`;
  const detail = d.rule
    ? `${dnatText(d.rule, model)} of NAT gateway ${g.id} forwards ${f.protocol}/${f.dstPort} of ${eip} to another address than ${d.named!.id}'s`
    : `no DNAT rule of NAT gateway ${g.id} forwards ${f.protocol}/${f.dstPort} of ${eip}${d.named ? ` to ${d.named.id}` : ''}`;
  const to = d.named ? d.named.id : 'the server';
  return {
    step: { type: 'filter', filter: 'dnat-rule', resource: g.id, decision: 'deny', rules: [], detail },
    drop: () => ({ detail, fix: `add a DNAT rule to ${g.id}: ${f.protocol} ${eip}:${f.dstPort} → ${to} and its port, or use a port a rule forwards` }),
  };
}

export function narrateInternetTransform(d: Extract<Decision, { type: 'transform'; transform: 'eip-nat' | 'snat' | 'dnat' }>): Step {
  const before = view(d.before);
  const after = view(d.after);
  switch (d.transform) {
    case 'eip-nat':
      return {
        type: 'transform',
        transform: 'eip-nat',
        before,
        after,
        detail:
          d.way === 'in'
            ? `EIP ${d.eip.id} (${formatIpv4(d.eip.address)}) is bound to ${d.eip.boundTo}: the destination becomes ${after.dst}; the source ${before.src} is kept`
            : `${d.eip.boundTo} leaves for the internet from its EIP ${d.eip.id}: the source becomes ${after.src}`,
      };
    case 'snat':
      return {
        type: 'transform',
        transform: 'snat',
        before,
        after,
        detail: `NAT gateway ${d.gateway.id} replaces the source with EIP ${d.eip.id} (${after.src})`,
      };
    case 'dnat':
      return {
        type: 'transform',
        transform: 'dnat',
        before,
        after,
        detail: `NAT gateway ${d.gateway.id} forwards to ${after.dst}:${after.dstPort}; the source ${before.src} is kept`,
      };
  }
}

export function narrateInternetAssumption(d: Extract<Decision, { type: 'assume'; assumption: 'eip-egress' | 'internet-witness' }>): string {
  if (d.assumption === 'eip-egress')
    return `${d.eip.boundTo} has EIP ${d.eip.id}: public destinations that no route more specific than 0.0.0.0/0 takes are reached through it, before a 0.0.0.0/0 route (Huawei VPC FAQ: local route > specific route > EIP route > default route)`;
  const [address, which, option] =
    d.axis === 'src' ? [formatSet(d.space.src), 'from the internet', '--from'] : [formatIpv4(d.space.dst[0]!.lo), 'to the internet', '--to'];
  return d.mixed
    ? `${which}: only some public addresses get through; this trace follows ${address}, one that does, and from others the flow stops (analyze lists the ports; ${option} with a public address traces another)`
    : `${which}: ${address} stands for any public address; ${option} with a public address traces another`;
}

/** Why the internet does not reach: nothing exposes the destination, or the address is private. */
export function internetReason(r: Extract<RouteFailure, { kind: 'not-exposed' | 'private-from-internet' }>): { detail: string; fix: string } {
  if (r.kind === 'private-from-internet')
    return {
      detail: `${formatSet(r.dst)} is a private address: the internet does not route to it`,
      fix: 'reach it through an EIP bound to the resource or a NAT gateway’s DNAT rule, at the public address',
    };
  const t = r.target;
  if (t === null)
    return {
      detail: `no EIP of the model has the address ${formatSet(r.dst)}: it is somewhere on the internet, outside the model`,
      fix: 'send the flow to an EIP of the model, or to a resource by id',
    };
  if (t.kind === 'eip')
    return {
      detail: `EIP ${t.id} (${formatIpv4(t.address)}) is bound to nothing, and no NAT gateway's DNAT rule uses it`,
      fix: `bind ${t.id} to an instance or a load balancer, or add a DNAT rule on it`,
    };
  return {
    detail: `no EIP is bound to ${t.id} and no NAT gateway's DNAT rule forwards to its address ${formatIpv4(t.ip)}: nothing on the internet reaches it`,
    fix: `bind an EIP to ${t.id}, or add a DNAT rule to a NAT gateway of VPC ${t.vpc} (if it is meant to be reached from the internet)`,
  };
}
