/** Count limits, checked before any per-item work so that a hostile file fails fast with a message. */
import { PROVIDER_LIMITS } from '../../model/index.js';
import type { ValidationContext } from './context.js';

/** Input limits: vpcreach's own list sizes, and the provider's limits from the source document. */
export const LIMITS = {
  /** Resources in one top-level list (instances, security groups, …). */
  maxResources: 200_000,
  /** Entries in one nested list (rules of a group, subnets of a VPC, members of a listener, …). */
  maxListEntries: 10_000,
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
    endpointServices: ['permissions'],
    endpoints: ['whitelist'],
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
          const members = l !== null && typeof l === 'object' ? (l as Record<string, unknown>).members : undefined;
          if (Array.isArray(members) && members.length > LIMITS.maxListEntries) {
            ctx.error(
              'too-many-items',
              [section, i, 'listeners', j, 'members'],
              `members has ${members.length.toLocaleString('en-US')} entries, more than the limit of ${LIMITS.maxListEntries.toLocaleString('en-US')}`,
              'split the listener',
            );
            ok = false;
          }
        });
      }
    });
  }
  return ok;
}
