import { serviceWitness } from '../context.js';
import type { LintRule, RawFinding } from '../types.js';
import { VPCEP_RANGE_TEXT, rangeProblems } from '../vpcep-range.js';

/** An allow for the VPCEP range that a deny decided first takes away. */
export const vpcepRangeShadowedByDeny: LintRule<'shadowed' | 'aclShadowed'> = {
  id: 'vpcep-range-shadowed-by-deny',
  severity: 'error',
  description: `an allow rule for ${VPCEP_RANGE_TEXT} on a backend (security group or subnet ACL) that a deny rule at a higher or equal priority (or in an earlier group) takes away`,
  messages: {
    shadowed: `deny rule {{rule}} of security group "{{group}}" (priority {{priority}}) is decided before the allow for ${VPCEP_RANGE_TEXT} on port {{port}}, so backend "{{backend}}" of endpoint service "{{service}}" still drops VPCEP traffic`,
    aclShadowed: `deny rule {{rule}} of network ACL "{{acl}}" (priority {{priority}}) is decided before the allow for ${VPCEP_RANGE_TEXT} on port {{port}}, so backend "{{backend}}" of endpoint service "{{service}}" in subnet "{{subnet}}" still drops VPCEP traffic`,
  },
  *check(ctx): Generator<RawFinding> {
    for (const p of rangeProblems(ctx)) {
      if (p.kind !== 'shadowed') continue;
      const witness = serviceWitness(ctx.model, p.service, p.mapping.terminalPort);
      const common = { priority: p.deny!.priority, port: p.port, backend: p.backend.id, service: p.service.id };
      yield {
        ...(p.acl !== null
          ? { messageId: 'aclShadowed', data: { rule: `inbound[${p.deny!.index}]`, acl: p.acl, ...common, subnet: p.backend.subnet } }
          : { messageId: 'shadowed', data: { rule: `rules[${p.deny!.index}]`, group: p.denyGroup!, ...common } }),
        location: p.deny!.loc,
        ...(witness ? { witness } : {}),
      };
    }
  },
};
