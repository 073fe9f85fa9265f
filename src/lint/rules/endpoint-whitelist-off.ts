import { formatRange } from '../../net/index.js';
import type { LintRule, RawFinding } from '../types.js';

/** An endpoint whose whitelist lists entries while the switch is off: every client is admitted, whatever it lists. */
export const endpointWhitelistOff: LintRule<'off'> = {
  id: 'endpoint-whitelist-off',
  severity: 'warning',
  description: 'an endpoint whitelist with entries whose switch is off (enable_whitelist false): it admits every client, whatever it lists',
  messages: {
    off: 'the whitelist of endpoint "{{endpoint}}" lists {{count}} entries ({{first}}…) but is switched off: every client is admitted. Turn it on ({{enable}}) if those entries are meant, or remove them',
  },
  *check(ctx): Generator<RawFinding> {
    for (const ep of ctx.model.endpoints.values()) {
      const off = ep.whitelistOff;
      if (off === null || off.length === 0) continue;
      const first = formatRange(off[0]!);
      yield {
        messageId: 'off',
        data: { endpoint: ep.id, count: off.length, first, enable: ctx.model.configuration === null ? 'whitelistEnabled: true' : 'enable_whitelist = true' },
        location: ep.loc,
      };
    }
  },
};
