import type { LintRule, RawFinding } from '../types.js';

/** An endpoint that carries nothing: not accepted (pending, rejected, failed, …), or not permitted by the service. */
export const endpointNotUsable: LintRule<'status' | 'permission'> = {
  id: 'endpoint-not-usable',
  severity: 'error',
  description: "an endpoint that is pending approval, rejected or failed, or whose account the service's permissions do not include",
  messages: {
    status: 'endpoint "{{endpoint}}" is {{status}}, not accepted: it carries no traffic to endpoint service "{{service}}"',
    permission:
      'endpoint "{{endpoint}}" belongs to account "{{account}}", which the permissions of endpoint service "{{service}}" (account "{{owner}}") do not include: it carries no traffic',
  },
  *check(ctx): Generator<RawFinding> {
    for (const ep of ctx.model.endpoints.values()) {
      const service = ctx.cm.service(ep);
      if (!ctx.cm.endpointAccepted(ep)) yield { messageId: 'status', data: { endpoint: ep.id, status: ep.status, service: service.id }, location: ep.loc };
      else if (!ctx.cm.grant(service, ep.account))
        yield { messageId: 'permission', data: { endpoint: ep.id, account: ep.account, service: service.id, owner: service.account }, location: ep.loc };
    }
  },
};
