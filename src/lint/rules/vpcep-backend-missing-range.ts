import type { LintRule, RawFinding } from '../types.js';
import { VPCEP_RANGE_TEXT, rangeFinding, rangeProblems } from '../vpcep-range.js';

/** A backend whose security groups, or whose subnet's network ACL, have no allow rule for the VPCEP source range on a mapped port. */
export const vpcepBackendMissingRange: LintRule<'missing' | 'aclMissing'> = {
  id: 'vpcep-backend-missing-range',
  severity: 'error',
  description: `an endpoint-service backend whose security groups or subnet ACL do not admit TCP from ${VPCEP_RANGE_TEXT} (the VPCEP source range) on a mapped port`,
  messages: {
    missing: `backend "{{backend}}" of endpoint service "{{service}}" admits no TCP from ${VPCEP_RANGE_TEXT} on port {{port}}: every connection through the service's endpoints on port {{terminalPort}} is dropped there`,
    aclMissing: `network ACL "{{acl}}" of subnet "{{subnet}}" admits no inbound TCP from ${VPCEP_RANGE_TEXT} on port {{port}}, so backend "{{backend}}" of endpoint service "{{service}}" drops every connection through the service's endpoints on port {{terminalPort}}`,
  },
  *check(ctx): Generator<RawFinding> {
    for (const p of rangeProblems(ctx)) {
      if (p.kind !== 'missing') continue;
      yield rangeFinding(ctx, p, 'missing', { backend: p.backend.id, service: p.service.id, port: p.port, terminalPort: p.mapping.terminalPort });
    }
  },
};
