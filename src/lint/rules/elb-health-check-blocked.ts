import { formatRange, protocolOfProtoPort, firstPort } from '../../net/index.js';
import type { RuleFilterDecision } from '../../sim/decisions.js';
import { memberSplit } from '../../sim/kinds/health.js';
import type { LintRule, RawFinding } from '../types.js';

type MessageId = 'group' | 'acl' | 'listening';

/**
 * A member the listener's health check cannot reach: the engine's own derivation (kinds/health.ts) sends the check
 * from the load balancer's source to the member and finds where it stops — a security group or the member subnet's
 * ACL refusing all or part of it, or nothing listening on the check port. The load balancer then marks the member
 * unhealthy and sends it nothing, also where the listener's own traffic would pass.
 */
export const elbHealthCheckBlocked: LintRule<MessageId> = {
  id: 'elb-health-check-blocked',
  severity: 'error',
  description: 'a load-balancer member its listener’s health check cannot reach: the load balancer marks it unhealthy and never sends it traffic',
  messages: {
    group:
      'security group "{{group}}" of member "{{member}}" {{refuses}} the health check of listener "{{listener}}" ({{check}}): the load balancer marks the member unhealthy and sends it nothing',
    acl: 'network ACL "{{acl}}" of subnet "{{subnet}}" {{refuses}} the health check of listener "{{listener}}" ({{check}}) to member "{{member}}": the load balancer marks the member unhealthy and sends it nothing',
    listening:
      'member "{{member}}" does not listen on port {{port}}, where listener "{{listener}}" sends its health check ({{check}}): the load balancer marks it unhealthy and sends it nothing',
  },
  *check(ctx): Generator<RawFinding> {
    for (const listener of ctx.model.listeners.values()) {
      if (!listener.healthCheck?.enabled) continue;
      const split = memberSplit(ctx.cm, listener);
      for (const member of listener.members) {
        const h = split.health.get(member)!;
        if (h.by !== 'check' || h.healthy || member.weight === 0) continue;
        const stop = h.refused!.find((d): d is RuleFilterDecision => d.type === 'filter' && 'spec' in d && (d.outcome === 'deny' || d.outcome === 'partial'));
        // What was refused: the check's port, or (a UDP check) its ICMP echo.
        const refusedSpace = stop?.space ?? h.probe;
        const protocol = protocolOfProtoPort(refusedSpace.protoPort[0]!.lo);
        const port = firstPort(refusedSpace);
        const range = h.probe.src.map(formatRange).join(', ');
        const check = protocol === 'icmp' ? `the ICMP echo of a UDP check, from ${range}` : `${h.check.protocol.toUpperCase()} from ${range} to port ${port}`;
        const base = { listener: listener.id, loadBalancer: listener.loadBalancer, member: member.instance, check, port };
        const rule = {
          protocol,
          ports: port,
          source: range,
          action: 'allow' as const,
          priority: 1,
          description: `health check of listener ${listener.id}`,
        };
        const refuses = stop?.outcome === 'partial' ? 'admits only part of' : 'refuses';
        if (stop?.spec.filter === 'security-group') {
          const group = stop.spec.groups[0]!;
          yield {
            messageId: 'group',
            data: { ...base, group, refuses },
            location: member.loc,
            fix: { kind: 'add-security-group-rule', group, rule: { direction: 'ingress', ...rule } },
          };
        } else if (stop?.spec.filter === 'network-acl') {
          yield {
            messageId: 'acl',
            data: { ...base, acl: stop.spec.acl, subnet: stop.spec.subnet, refuses },
            location: member.loc,
            fix: { kind: 'add-network-acl-rule', acl: stop.spec.acl, direction: 'inbound', rule },
          };
        } else yield { messageId: 'listening', data: base, location: member.loc };
      }
    }
  },
};
