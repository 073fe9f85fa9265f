import { axisUnion, formatIpv4, formatPorts, formatRange, firstPort, firstProtocol, type FlowSpace, type IntervalSet } from '../net/index.js';
import { ACL_PRESET, type ConfigurationWords, type Listener, type NetworkAclRule, type SecurityGroupRule } from '../model/index.js';
import type { RuleFilterDecision, RuleFilterSpec } from './decisions.js';
import type { DecidedPart } from './guards.js';
import type { FlowView, RuleRef } from './types.js';

/** The words of narration: flows, sets, rules and fixes in the form users read them. */

/** Prints an address set: one address, one CIDR block, or a comma-separated list. */
export function formatSet(set: IntervalSet): string {
  if (set.length === 0) return '(none)';
  return set.length === 1 ? formatRange(set[0]!) : set.map(formatRange).join(', ');
}

/** The printable headers of a concrete space. */
export function view(s: FlowSpace): FlowView {
  const one = (set: IntervalSet) => set.length === 1 && set[0]!.lo === set[0]!.hi;
  const protocol = firstProtocol(s);
  return {
    protocol,
    src: formatSet(s.src),
    dst: formatIpv4(s.dst[0]!.lo),
    dstPort: firstPort(s),
    ...(one(s.srcPort) && protocol !== 'icmp' ? { srcPort: s.srcPort[0]!.lo } : {}),
    ...(one(s.icmpCode) && protocol === 'icmp' ? { icmpCode: s.icmpCode[0]!.lo } : {}),
  };
}

/** A flow's service in words: tcp/443, icmp/8, or icmp/3 code 4 when it has one code. */
export function serviceOf(f: FlowView): string {
  return `${f.protocol}/${f.dstPort}${f.icmpCode === undefined ? '' : ` code ${f.icmpCode}`}`;
}

/** A security-group rule in words. */
function describeSgRule(r: SecurityGroupRule): string {
  const peer = r.remote.kind === 'group' ? `group ${r.remote.group}` : formatRange(r.remote.cidr);
  const proto = r.protocol === 'any' ? 'any protocol' : r.protocol;
  const code = r.icmpCode === null ? '' : ` code ${r.icmpCode}`;
  return `rules[${r.index}]: ${r.direction} ${r.action} ${proto} ${formatPorts(r.ports)}${code} ${r.direction === 'ingress' ? 'from' : 'to'} ${peer} (priority ${r.priority})`;
}

/** A network ACL rule in words. */
function describeAclRule(r: NetworkAclRule): string {
  const proto = r.protocol === 'any' ? 'any protocol' : r.protocol;
  const sourcePorts = r.sourcePorts === null ? '' : ` source ports ${formatPorts(r.sourcePorts)}`;
  return `${r.direction}[${r.index}]: ${r.action} ${proto} ${formatPorts(r.ports)}${sourcePorts} from ${formatRange(r.source)} to ${formatRange(r.destination)} (priority ${r.priority})`;
}

/** A listener's access-control list in words. */
export function accessList(listener: Listener): string {
  const ac = listener.accessControl;
  return `${ac.mode} [${ac.cidrs.map(formatRange).join(', ') || 'empty'}]`;
}

/** The address axis a rule filter's rules match: the source for inbound filters, the destination for outbound ones. */
export function peerAxis(spec: RuleFilterSpec): 'src' | 'dst' {
  return spec.filter === 'security-group'
    ? spec.direction === 'ingress'
      ? 'src'
      : 'dst'
    : spec.filter === 'network-acl'
      ? spec.direction === 'inbound'
        ? 'src'
        : 'dst'
      : 'src';
}

export function ruleRef(spec: RuleFilterSpec, part: DecidedPart): RuleRef {
  const o = part.guard.origin;
  const matched = formatSet(axisUnion(part.spaces, peerAxis(spec)));
  const action = part.guard.action;
  switch (o.kind) {
    case 'security-group':
      return {
        resource: o.resource,
        index: o.rule.index,
        text: describeSgRule(o.rule),
        action,
        // A rule that names an ICMP code matched that code of the flow's.
        matched: o.rule.icmpCode === null ? matched : `${matched} code ${o.rule.icmpCode}`,
        file: o.rule.loc.file,
        line: o.rule.loc.line,
        column: o.rule.loc.column,
        ...(o.rule.loc.address ? { address: o.rule.loc.address } : {}),
      };
    case 'network-acl':
      return {
        resource: o.resource,
        index: o.rule.index,
        text: describeAclRule(o.rule),
        action,
        // A rule that names source ports matched those of them the flow may have.
        matched: o.rule.sourcePorts === null ? matched : `${matched} source ports ${formatPorts(axisUnion(part.spaces, 'srcPort'))}`,
        file: o.rule.loc.file,
        line: o.rule.loc.line,
        column: o.rule.loc.column,
        ...(o.rule.loc.address ? { address: o.rule.loc.address } : {}),
      };
    case 'acl-preset':
      return { resource: o.resource, index: -1, text: ACL_PRESET.text, action, matched, file: '', line: 0, column: 0 };
    case 'access-control': {
      const text =
        o.part === 'list' && spec.filter === 'listener-access-control' ? `accessControl: ${accessList(spec.listener)}` : 'accessControl: not blacklisted';
      return { resource: o.resource, index: -1, text, action, matched, file: o.loc.file, line: o.loc.line, column: o.loc.column };
    }
    case 'endpoint-whitelist':
      return { resource: o.resource, index: -1, text: 'whitelist', action, matched, file: '', line: 0, column: 0 };
    case 'opened':
      return { resource: o.resource, index: -1, text: 'opened: every flow admitted', action, matched, file: '', line: 0, column: 0 };
    default: {
      const never: never = o;
      throw new Error(`ruleRef: unknown origin ${JSON.stringify(never)}`);
    }
  }
}

/**
 * A concrete change that would let the whole flow through a security group, network ACL or listener access control;
 * in the terms of the configuration the model was read from where it says the change (`words`), else the model's.
 */
export function suggestFix(d: RuleFilterDecision, f: FlowView, deny: RuleRef | undefined, words: ConfigurationWords | null): string {
  const spec = d.spec;
  const resource = spec.resource;
  const said =
    deny || !words
      ? undefined
      : spec.filter === 'security-group'
        ? // Priority 1, as lint's fix has it: ahead of any deny the group may hold (Huawei: a lower number decides first).
          words.addSecurityGroupRule(resource, {
            direction: spec.direction,
            protocol: f.protocol,
            ports: f.dstPort,
            peer: spec.direction === 'ingress' ? f.src : f.dst,
            priority: 1,
          })
        : spec.filter === 'network-acl'
          ? words.addNetworkAclRule(
              resource,
              { direction: spec.direction, protocol: f.protocol, ports: f.dstPort, peer: spec.direction === 'inbound' ? f.src : f.dst },
              'before the rules that refuse it',
            )
          : undefined;
  if (said !== undefined) return said;
  if (spec.filter === 'listener-access-control') {
    return deny ? `take ${f.src} out of the blacklist of listener ${resource}` : `add ${f.src} to the whitelist of listener ${resource}`;
  }
  if (deny) {
    const where = deny.line > 0 ? ` at ${deny.file}:${deny.line}:${deny.column}` : '';
    // Groups are evaluated in the instance's order: an allow in a group listed after the denying one never gets a say.
    const later = spec.filter === 'security-group' ? spec.groups.slice(spec.groups.indexOf(deny.resource) + 1) : [];
    const laterNote = later.length ? `; an allow rule in ${later.join(', ')} cannot help: ${deny.resource} is evaluated first` : '';
    return `remove or narrow ${deny.resource} ${deny.text.split(':')[0]}${where} (a deny rule that matches first), or add an allow rule to ${deny.resource} with a lower priority number${laterNote}`;
  }
  const direction = spec.filter === 'security-group' || spec.filter === 'network-acl' ? spec.direction : undefined;
  const peer = direction === 'ingress' || direction === 'inbound' ? `source: ${f.src}` : `destination: ${f.dst}`;
  const action = spec.filter === 'network-acl' ? 'action: allow, ' : '';
  const dir = spec.filter === 'security-group' ? `direction: ${spec.direction}, ` : '';
  return `add to ${resource}${spec.filter === 'network-acl' ? ` (${spec.direction})` : ''}: { ${dir}${action}protocol: ${f.protocol}, ports: ${f.dstPort}, ${peer} }`;
}
