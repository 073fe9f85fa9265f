import type { LintRule, RawFinding } from '../types.js';

/** A service with no port mappings: no endpoint can reach it. */
export const noPortMappings: LintRule<'none'> = {
  id: 'no-port-mappings',
  severity: 'warning',
  description: 'an endpoint service with no port mappings, which no endpoint can reach',
  messages: { none: 'endpoint service "{{service}}" has no port mappings: no endpoint can reach its backend' },
  *check(ctx): Generator<RawFinding> {
    for (const s of ctx.model.endpointServices.values()) if (s.portMappings.length === 0) yield { messageId: 'none', data: { service: s.id }, location: s.loc };
  },
};
