import { firstPort } from '../../net/index.js';
import { firstMatch } from '../../sim/guards.js';
import type { LintRule, RawFinding } from '../types.js';

/**
 * Member filters that a layer-4 listener passing the client's address through never applies (a dedicated load
 * balancer's without "IP as a backend", a shared one's with Transfer Client IP on): the engine bypasses them on that
 * path. Reported where they would have refused some of the traffic they never see,
 * since that is what someone wrote them to do.
 */
export const aclBypassedByL4Listener: LintRule<'security-group' | 'network-acl'> = {
  id: 'acl-bypassed-by-l4-listener',
  severity: 'warning',
  description:
    "member security-group or network ACL rules that would refuse traffic a layer-4 listener passing the client's address through (a dedicated one without IP as a backend, a shared one with Transfer Client IP on) hands the member without applying them",
  messages: {
    'security-group':
      'the security groups of "{{member}}" would refuse part of the traffic that listener "{{listener}}" of "{{lb}}" forwards on port {{port}}, but {{why}} does not apply them: they do not protect the member from it',
    'network-acl':
      'network ACL "{{acl}}" of the subnet of "{{member}}" would refuse part of the traffic that listener "{{listener}}" of "{{lb}}" forwards on port {{port}}, but {{why}} does not apply it',
  },
  *check(ctx): Generator<RawFinding> {
    const seen = new Set<string>();
    for (const service of ctx.model.endpointServices.values()) {
      for (const { paths } of ctx.servicePaths(service)) {
        for (const path of paths) {
          const listenerStep = path.find((s) => s.node.kind === 'listener');
          if (!listenerStep || listenerStep.node.kind !== 'listener') continue;
          const listener = listenerStep.node;
          for (const step of path) {
            if (step.node.kind !== 'instance') continue;
            const member = step.node;
            for (const d of step.decisions) {
              if (d.type !== 'filter' || !('spec' in d) || d.outcome !== 'bypass') continue;
              const spec = d.spec;
              const port = firstPort(d.space);
              const key = `${spec.filter}\u0000${member.id}\u0000${listener.id}\u0000${port}`;
              if (seen.has(key)) continue;
              seen.add(key);
              const shared = ctx.model.loadBalancers.get(listener.loadBalancer)?.lbKind === 'shared';
              const why = shared ? 'a shared layer-4 listener with Transfer Client IP on' : 'a layer-4 listener without IP as a backend';
              const data = { member: member.id, listener: listener.id, lb: listener.loadBalancer, port, why };
              if (spec.filter === 'security-group') {
                // What the member's groups would decide, had they applied: the same first-match evaluation.
                if (firstMatch(ctx.cm.securityGroupGuards(member.securityGroups, 'ingress'), d.space).decision === 'allow') continue;
                yield { messageId: 'security-group', data, location: ctx.model.securityGroups.get(member.securityGroups[0]!)!.loc };
              } else if (spec.filter === 'network-acl') {
                if (firstMatch(ctx.cm.networkAclGuards(spec.acl, 'inbound'), d.space).decision === 'allow') continue;
                yield { messageId: 'network-acl', data: { ...data, acl: spec.acl }, location: ctx.model.networkAcls.get(spec.acl)!.loc };
              }
            }
          }
        }
      }
    }
  },
};
