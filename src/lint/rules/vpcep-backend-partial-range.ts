import type { LintRule, RawFinding } from '../types.js';
import { VPCEP_RANGE_TEXT, rangeFinding, rangeProblems } from '../vpcep-range.js';

/** A backend whose security groups, or whose subnet's network ACL, admit only part of the VPCEP source range on a mapped port. */
export const vpcepBackendPartialRange: LintRule<'partial' | 'aclPartial'> = {
  id: 'vpcep-backend-partial-range',
  severity: 'error',
  description: `an endpoint-service backend whose security groups or subnet ACL admit only part of ${VPCEP_RANGE_TEXT} on a mapped port`,
  messages: {
    partial: `backend "{{backend}}" of endpoint service "{{service}}" admits only {{admitted}} of ${VPCEP_RANGE_TEXT} on port {{port}}: VPCEP may use any address of the range, so connections fail at random`,
    aclPartial: `network ACL "{{acl}}" of subnet "{{subnet}}" admits inbound TCP on port {{port}} from only {{admitted}} of ${VPCEP_RANGE_TEXT}, so backend "{{backend}}" of endpoint service "{{service}}" drops connections from the rest: VPCEP may use any address of the range, so connections fail at random`,
  },
  *check(ctx): Generator<RawFinding> {
    for (const p of rangeProblems(ctx)) {
      if (p.kind !== 'partial') continue;
      yield rangeFinding(ctx, p, 'partial', { backend: p.backend.id, service: p.service.id, port: p.port, admitted: p.admitted });
    }
  },
};
