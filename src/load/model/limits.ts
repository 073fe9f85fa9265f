/** Count limits, checked before any per-item work so that a hostile file fails fast with a message. */
import { PROVIDER_LIMITS } from '../../model/index.js';
import type { ValidationContext } from './context.js';

/** Input limits: vpcreach's own list sizes, and the provider's limits from the source document. */
export const LIMITS = {
  /** Resources in one top-level list (instances, security groups, …). */
  maxResources: 200_000,
  /** Entries in one nested list (rules of a group, subnets of a VPC, members of a listener, …). */
  maxListEntries: 10_000,
  /**
   * Expectations in one scenario file. Each failure is a report entry of about a kilobyte in every format; at this
   * many, any report stays within the memory bound (docs/reliability.md). Split larger scenarios into files.
   */
  maxExpectations: 20_000,
  ...PROVIDER_LIMITS,
} as const;

/** Refuses absurd counts before any per-item work, so a hostile file fails fast with a message. */
export function withinCounts(ctx: ValidationContext): boolean {
  let ok = true;
  const nested: Record<string, string[]> = {
    accounts: [],
    vpcs: ['subnets'],
    securityGroups: ['rules'],
    networkAcls: ['inbound', 'outbound'],
    instances: ['securityGroups', 'listens'],
    loadBalancers: ['listeners'],
    endpointServices: ['permissions', 'portMappings'],
    endpoints: ['whitelist'],
    peerings: [],
    routeTables: ['subnets', 'routes'],
    eips: [],
    natGateways: ['snatRules', 'dnatRules'],
  };
  for (const [section, fields] of Object.entries(nested)) {
    const list = ctx.data[section];
    if (!Array.isArray(list)) continue;
    if (list.length > LIMITS.maxResources) {
      ctx.error(
        'too-many-items',
        [section],
        `${section} has ${list.length.toLocaleString('en-US')} entries, more than the limit of ${LIMITS.maxResources.toLocaleString('en-US')}`,
        'split the model',
      );
      ok = false;
      continue;
    }
    list.forEach((item, i) => {
      if (item === null || typeof item !== 'object') return;
      for (const f of fields) {
        const inner = (item as Record<string, unknown>)[f];
        if (Array.isArray(inner) && inner.length > LIMITS.maxListEntries) {
          ctx.error(
            'too-many-items',
            [section, i, f],
            `${f} has ${inner.length.toLocaleString('en-US')} entries, more than the limit of ${LIMITS.maxListEntries.toLocaleString('en-US')}`,
            'no cloud resource holds this many; check the generator that wrote the file',
          );
          ok = false;
        }
      }
      const listeners = (item as Record<string, unknown>).listeners;
      if (Array.isArray(listeners)) {
        listeners.forEach((l, j) => {
          if (l === null || typeof l !== 'object') return;
          const listener = l as Record<string, unknown>;
          const ac = listener.accessControl;
          const lists: [string[], unknown][] = [
            [['members'], listener.members],
            [['accessControl', 'cidrs'], ac !== null && typeof ac === 'object' ? (ac as Record<string, unknown>).cidrs : undefined],
          ];
          for (const [path, inner] of lists) {
            if (!Array.isArray(inner) || inner.length <= LIMITS.maxListEntries) continue;
            ctx.error(
              'too-many-items',
              [section, i, 'listeners', j, ...path],
              `${path.join('.')} has ${inner.length.toLocaleString('en-US')} entries, more than the limit of ${LIMITS.maxListEntries.toLocaleString('en-US')}`,
              path[0] === 'members' ? 'split the listener' : 'an IP address group holds at most 300 entries; merge them into wider CIDR blocks',
            );
            ok = false;
          }
        });
      }
    });
  }
  return ok;
}
