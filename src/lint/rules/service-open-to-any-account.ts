import type { LintRule, RawFinding } from '../types.js';

/** A service any account may connect to, without the owner approving each connection. */
export const serviceOpenToAnyAccount: LintRule<'open'> = {
  id: 'service-open-to-any-account',
  severity: 'warning',
  description: 'an endpoint service whose permissions admit every account while connections need no approval',
  messages: {
    open: 'endpoint service "{{service}}" admits every account (permissions {{permissions}}) and approves connections automatically: anyone who learns its name can reach its backend',
  },
  *check(ctx): Generator<RawFinding> {
    for (const service of ctx.model.endpointServices.values()) {
      if (service.approval || !ctx.cm.grantToAnyAccount(service)) continue;
      yield {
        messageId: 'open',
        data: { service: service.id, permissions: service.permissions.map((p) => `"${p}"`).join(', ') },
        location: service.loc,
        fix: { kind: 'set-field', resource: service.id, field: 'approval', value: true },
      };
    }
  },
};
