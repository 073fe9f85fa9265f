import { serviceWitness } from '../context.js';
import type { LintRule, RawFinding } from '../types.js';
import { rangeProblems } from '../vpcep-range.js';
import { VPCEP_RANGE_TEXT } from './vpcep-backend-missing-range.js';

/** A backend whose security groups admit only part of the VPCEP source range on a mapped port. */
export const vpcepBackendPartialRange: LintRule<'partial'> = {
  id: 'vpcep-backend-partial-range',
  severity: 'error',
  description: `an endpoint-service backend whose security groups admit only part of ${VPCEP_RANGE_TEXT} on a mapped port`,
  messages: {
    partial:
      'backend "{{backend}}" of endpoint service "{{service}}" admits only {{admitted}} of 198.19.128.0/17 on port {{port}}: VPCEP may use any address of the range, so connections fail at random',
  },
  *check(ctx): Generator<RawFinding> {
    for (const p of rangeProblems(ctx)) {
      if (p.kind !== 'partial') continue;
      const group = ctx.model.securityGroups.get(p.groups[0]!)!;
      const witness = serviceWitness(ctx.model, p.service, p.mapping.terminalPort);
      yield {
        messageId: 'partial',
        data: { backend: p.backend.id, service: p.service.id, port: p.port, admitted: p.admitted },
        location: group.loc,
        fix: {
          kind: 'add-security-group-rule',
          group: group.id,
          rule: {
            direction: 'ingress',
            protocol: 'tcp',
            ports: p.port,
            source: VPCEP_RANGE_TEXT,
            action: 'allow',
            priority: 1,
            description: 'VPCEP source range',
          },
        },
        ...(witness ? { witness } : {}),
      };
    }
  },
};
