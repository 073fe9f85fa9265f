/** The id registry: every id once across the model, and references that name a resource of the right kind. */
import type { DataPath } from '../source.js';
import { didYouMean, withArticle } from '../../model/index.js';
import { KIND_LABEL, type Kind, type ValidationContext } from './context.js';

export function registerIds(ctx: ValidationContext): void {
  const reg = (kind: Kind, raw: unknown, path: DataPath): void => {
    if (raw === null || typeof raw !== 'object') return;
    const id = (raw as { id?: unknown }).id;
    if (typeof id !== 'string' || id === '') return;
    if (id === 'internet') {
      ctx.error(
        'reserved-id',
        [...path, 'id'],
        '"internet" names the internet in queries and policies: no resource may have it as its id',
        'rename the resource',
      );
      return;
    }
    const prev = ctx.ids.get(id);
    if (prev) {
      const first = ctx.source.locate([...prev.path, 'id']);
      ctx.error(
        'duplicate-id',
        [...path, 'id'],
        `duplicate id "${id}": already used by the ${KIND_LABEL[prev.kind]} at line ${first.line}`,
        // Ids read from Terraform are addresses: a plan or state that repeats one was put together or edited by hand.
        first.address === undefined
          ? 'ids must be unique across the whole model; rename one of them'
          : 'Terraform writes each resource address once: remove the repeated resource, or write the file again with `terraform show -json`',
      );
      return;
    }
    const sub = (raw as { kind?: unknown }).kind;
    ctx.ids.set(id, { kind, path, ...(typeof sub === 'string' ? { sub } : {}) });
  };
  const each = (section: string, fn: (raw: unknown, path: DataPath) => void): void => {
    const list = ctx.data[section];
    if (Array.isArray(list)) list.forEach((raw, i) => fn(raw, [section, i]));
  };
  each('vpcs', (raw, path) => {
    reg('vpc', raw, path);
    const subnets = (raw as { subnets?: unknown } | null)?.subnets;
    if (Array.isArray(subnets)) subnets.forEach((s, j) => reg('subnet', s, [...path, 'subnets', j]));
  });
  each('securityGroups', (raw, path) => reg('securityGroup', raw, path));
  each('networkAcls', (raw, path) => reg('networkAcl', raw, path));
  each('instances', (raw, path) => reg('instance', raw, path));
  each('loadBalancers', (raw, path) => {
    reg('loadBalancer', raw, path);
    const listeners = (raw as { listeners?: unknown } | null)?.listeners;
    if (Array.isArray(listeners)) listeners.forEach((l, j) => reg('listener', l, [...path, 'listeners', j]));
  });
  each('endpointServices', (raw, path) => reg('endpointService', raw, path));
  each('endpoints', (raw, path) => reg('endpoint', raw, path));
  each('peerings', (raw, path) => reg('peering', raw, path));
  each('routeTables', (raw, path) => reg('routeTable', raw, path));
  each('eips', (raw, path) => reg('eip', raw, path));
  each('natGateways', (raw, path) => reg('natGateway', raw, path));
}

/** Checks that `id` names a resource of one of `kinds`; returns true when it does. */
export function ref(ctx: ValidationContext, path: DataPath, id: string, kinds: Kind[], code = 'wrong-reference-kind'): boolean {
  const found = ctx.ids.get(id);
  const want = kinds.map((k) => KIND_LABEL[k]).join(' or ');
  if (!found) {
    const candidates = [...ctx.ids].filter(([, r]) => kinds.includes(r.kind)).map(([k]) => k);
    ctx.error(
      'unresolved-reference',
      path,
      `${want} "${id}" is not defined`,
      didYouMean(id, candidates) ?? (candidates.length ? `defined ${want}s: ${candidates.slice(0, 8).join(', ')}` : `define a ${want} with id "${id}"`),
    );
    return false;
  }
  if (!kinds.includes(found.kind)) {
    ctx.error(code, path, `"${id}" is ${withArticle(KIND_LABEL[found.kind])}, not ${withArticle(want)}`);
    return false;
  }
  return true;
}
