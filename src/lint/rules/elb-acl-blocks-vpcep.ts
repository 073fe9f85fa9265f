import { formatRange, rangesOverlap } from '../../net/index.js';
import { VPCEP_SOURCE_RANGE } from '../../model/index.js';
import { serviceWitness } from '../context.js';
import type { LintRule, RawFinding } from '../types.js';
import { VPCEP_RANGE_TEXT, fromVpcep } from '../vpcep-range.js';

/** A listener behind an endpoint service whose access control keeps out all or part of the VPCEP range. */
export const elbAclBlocksVpcep: LintRule<'whitelist' | 'blacklist'> = {
  id: 'elb-acl-blocks-vpcep',
  severity: 'error',
  description: `a listener behind an endpoint service whose whitelist misses, or whose blacklist touches, ${VPCEP_RANGE_TEXT}`,
  messages: {
    whitelist: `the whitelist of listener "{{listener}}" ({{lb}}) does not hold all of ${VPCEP_RANGE_TEXT}, the source of traffic from endpoint service "{{service}}": connections on port {{terminalPort}} are refused there`,
    blacklist: `the blacklist of listener "{{listener}}" ({{lb}}) holds {{cidr}}, part of ${VPCEP_RANGE_TEXT}, the source of traffic from endpoint service "{{service}}": connections on port {{terminalPort}} are refused there`,
  },
  *check(ctx): Generator<RawFinding> {
    const seen = new Set<string>();
    for (const service of ctx.model.endpointServices.values()) {
      for (const { mapping, paths } of ctx.servicePaths(service)) {
        for (const path of paths) {
          for (const step of path) {
            for (const d of step.decisions) {
              if (d.type !== 'filter' || !('spec' in d) || d.spec.filter !== 'listener-access-control') continue;
              if (d.outcome !== 'deny' && d.outcome !== 'partial') continue;
              if (!fromVpcep(d.space)) continue;
              const listener = d.spec.listener;
              if (seen.has(`${service.id}\u0000${listener.id}`)) continue;
              seen.add(`${service.id}\u0000${listener.id}`);
              const witness = serviceWitness(ctx.model, service, mapping.terminalPort);
              const common = { listener: listener.id, lb: listener.loadBalancer, service: service.id, terminalPort: mapping.terminalPort };
              if (listener.accessControl.mode === 'whitelist') {
                yield {
                  messageId: 'whitelist',
                  data: common,
                  location: listener.loc,
                  fix: { kind: 'add-access-control-cidr', listener: listener.id, cidr: VPCEP_RANGE_TEXT },
                  ...(witness ? { witness } : {}),
                };
              } else {
                const cidr = listener.accessControl.cidrs.find((c) => rangesOverlap(c, VPCEP_SOURCE_RANGE));
                const text = cidr ? formatRange(cidr) : VPCEP_RANGE_TEXT;
                yield {
                  messageId: 'blacklist',
                  data: { ...common, cidr: text },
                  location: listener.loc,
                  fix: { kind: 'remove-access-control-cidr', listener: listener.id, cidr: text },
                  ...(witness ? { witness } : {}),
                };
              }
            }
          }
        }
      }
    }
  },
};
