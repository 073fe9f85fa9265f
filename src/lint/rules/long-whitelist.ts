import { PROVIDER_LIMITS } from '../../model/index.js';
import type { LintRule, RawFinding } from '../types.js';

/** An endpoint whitelist longer than most regions allow. */
export const longWhitelist: LintRule<'long'> = {
  id: 'long-whitelist',
  severity: 'warning',
  description: `an endpoint whitelist with more than ${PROVIDER_LIMITS.endpointWhitelistRecommended} entries, more than most regions allow`,
  messages: {
    long: 'the whitelist of endpoint "{{endpoint}}" has {{count}} entries; most regions allow at most {{recommended}} (some {{max}}): merge addresses into wider CIDR blocks',
  },
  *check(ctx): Generator<RawFinding> {
    for (const ep of ctx.model.endpoints.values()) {
      const n = ep.whitelist?.length ?? 0;
      if (n > PROVIDER_LIMITS.endpointWhitelistRecommended)
        yield {
          messageId: 'long',
          data: { endpoint: ep.id, count: n, recommended: PROVIDER_LIMITS.endpointWhitelistRecommended, max: PROVIDER_LIMITS.endpointWhitelistMax },
          location: ep.loc,
        };
    }
  },
};
