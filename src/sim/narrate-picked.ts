// The narration of the values a flow's sender picks, where a filter's rules name them: the source port (network ACL
// rules of TCP and UDP) and the ICMP code (security-group rules of ICMP).
import { ALL_ICMP_CODES, ALL_SOURCE_PORTS, axisUnion, formatPorts, icmpCodesOf, intervals, type FlowSpace, type IntervalSet } from '../net/index.js';
import type { RuleFilterDecision } from './decisions.js';
import { pickedSplit } from './guards.js';
import type { FlowView, RuleRef } from './types.js';

/** The ICMP codes of spaces (each of one ICMP type where a rule on codes split it). */
function codesOf(spaces: readonly FlowSpace[]): IntervalSet {
  let out: IntervalSet = intervals.EMPTY;
  for (const s of spaces) out = intervals.union(out, icmpCodesOf(s.icmpCode, s.protoPort));
  return out;
}

/**
 * What a filter that admits every address of a flow for some of its source ports or ICMP codes says: the values
 * admitted, of those the flow may have, and who refuses the rest.
 */
export function pickedDetail(picked: 'srcPort' | 'icmpCode', d: RuleFilterDecision, rules: readonly RuleRef[], what: string): string {
  const ev = d.evaluation!;
  const words = picked === 'srcPort' ? 'source ports' : 'ICMP codes';
  const values = (spaces: readonly FlowSpace[]) => formatPorts(picked === 'srcPort' ? axisUnion(spaces, 'srcPort') : codesOf(spaces));
  const denied = ev.decided.flatMap((part, i) =>
    part.guard.action === 'deny' ? [`${words} ${values(part.spaces)} denied by ${rules[i]!.resource} ${rules[i]!.text}`] : [],
  );
  if (ev.unmatched.length) denied.push(`${words} ${values(ev.unmatched)} matched by no rule`);
  return `${what}: admits only ${words} ${values(ev.allowed)} of ${values([d.space])} (${denied.join('; ')})`;
}

/**
 * The notes on the values a sender picks: the ones assumed when a rule on them decides all of a flow that does not
 * name its own, and why a flow admitted for part of them works only sometimes.
 */
export function pickedNotes(d: RuleFilterDecision, f: FlowView, notes: string[]): void {
  const ev = d.evaluation!;
  const resource = d.spec.resource;
  if (ev.decision !== 'partial') {
    if (f.srcPort === undefined && ev.decided.some((part) => part.guard.match.srcPort !== ALL_SOURCE_PORTS))
      notes.push(
        `assumed: the source port is one its sender picks from ${formatPorts(d.space.srcPort)}; ${resource} decides by source port (trace --src-port asks about one)`,
      );
    if (d.space.icmpCode === ALL_ICMP_CODES && ev.decided.some((part) => part.guard.match.icmpCode !== ALL_ICMP_CODES)) {
      const codes = codesOf([d.space]);
      const which = codes.length === 1 && codes[0]!.lo === codes[0]!.hi ? `code ${codes[0]!.lo}, the one code` : `any code of ${formatPorts(codes)}, the codes`;
      notes.push(
        `assumed: an ICMP type-${f.dstPort} message carries ${which} its type defines (IANA); ${resource} decides by code (trace --icmp-code asks about one)`,
      );
    }
    return;
  }
  if (d.spec.onPartial !== 'narrow') return;
  const picked = pickedSplit(ev, d.space);
  if (picked === 'srcPort')
    notes.push(
      `the source port may be any of ${formatPorts(d.space.srcPort)} (the sender picks it: which ports VPCEP, load balancers and NAT gateways pick is not documented); only part of them pass ${resource}, so the flow works only sometimes; the rest of the path is checked for the admitted part`,
    );
  else if (picked === 'icmpCode')
    notes.push(
      `an ICMP type-${f.dstPort} message may carry any code of ${formatPorts(codesOf([d.space]))} (its sender picks the one that says what happened); only part of them pass ${resource}, so only those messages get through; the rest of the path is checked for the admitted part`,
    );
}
