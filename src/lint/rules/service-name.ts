import { SERVICE_NAME } from '../../model/index.js';
import type { LintRule, RawFinding } from '../types.js';

/** A service name VPCEP would reject. */
export const serviceName: LintRule<'name'> = {
  id: 'service-name',
  severity: 'warning',
  description: 'an endpoint service name VPCEP would reject (it allows 1-16 letters, digits, _ and -)',
  messages: { name: 'the name "{{name}}" of endpoint service "{{service}}" is not 1-16 letters, digits, _ or -: the VPCEP API rejects it (EndPoint.3076)' },
  *check(ctx): Generator<RawFinding> {
    for (const s of ctx.model.endpointServices.values()) {
      if (s.name !== null && !SERVICE_NAME.test(s.name)) yield { messageId: 'name', data: { name: s.name, service: s.id }, location: s.loc };
    }
  },
};
