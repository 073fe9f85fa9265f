import { formatRange } from '../../net/index.js';
import { VPCEP_SOURCE_RANGE } from '../../model/index.js';
import { serviceWitness } from '../context.js';
import type { LintRule, RawFinding } from '../types.js';
import { rangeProblems } from '../vpcep-range.js';

export const VPCEP_RANGE_TEXT = formatRange(VPCEP_SOURCE_RANGE);

/** A backend whose security groups have no allow rule for the VPCEP source range on a mapped port. */
export const vpcepBackendMissingRange: LintRule<'missing'> = {
  id: 'vpcep-backend-missing-range',
  severity: 'error',
  description: `an endpoint-service backend whose security groups do not admit TCP from ${VPCEP_RANGE_TEXT} (the VPCEP source range) on a mapped port`,
  messages: {
    missing:
      'backend "{{backend}}" of endpoint service "{{service}}" admits no TCP from 198.19.128.0/17 on port {{port}}: every connection through the service\'s endpoints on port {{terminalPort}} is dropped there',
  },
  *check(ctx): Generator<RawFinding> {
    for (const p of rangeProblems(ctx)) {
      if (p.kind !== 'missing') continue;
      const group = ctx.model.securityGroups.get(p.groups[0]!)!;
      const witness = serviceWitness(ctx.model, p.service, p.mapping.terminalPort);
      yield {
        messageId: 'missing',
        data: { backend: p.backend.id, service: p.service.id, port: p.port, terminalPort: p.mapping.terminalPort },
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
