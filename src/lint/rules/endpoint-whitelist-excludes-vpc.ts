import { pointSpace } from '../../net/index.js';
import { firstMatch } from '../../sim/guards.js';
import type { LintRule, RawFinding } from '../types.js';

/** An endpoint whose whitelist admits no instance of its own VPC. */
export const endpointWhitelistExcludesVpc: LintRule<'excludes'> = {
  id: 'endpoint-whitelist-excludes-vpc',
  severity: 'warning',
  description: 'an endpoint whose whitelist admits no instance of its own VPC',
  messages: {
    excludes: 'the whitelist of endpoint "{{endpoint}}" admits none of the instances of its VPC "{{vpc}}" ({{count}}): no client there can use it',
  },
  *check(ctx): Generator<RawFinding> {
    for (const ep of ctx.model.endpoints.values()) {
      const guards = ctx.cm.whitelistGuards(ep);
      if (guards === null) continue;
      const clients = [...ctx.model.instances.values()].filter((i) => i.vpc === ep.vpc);
      if (clients.length === 0) continue;
      // The whitelist as the endpoint's semantics evaluates it, for each client's address.
      const admits = clients.some((i) => firstMatch(guards, pointSpace('tcp', 1, [{ lo: i.ip, hi: i.ip }], ep.ip)).decision === 'allow');
      if (!admits) yield { messageId: 'excludes', data: { endpoint: ep.id, count: clients.length, vpc: ep.vpc }, location: ep.loc };
    }
  },
};
