// The response bodies of the Huawei Cloud APIs as the huaweicloud provider's resources, for the Terraform front end to read.
import { basename } from 'node:path';
import { parseCidr } from '../../net/index.js';
import type { ParsedSource } from '../source.js';
import type { TfResource } from '../terraform/document.js';
import { readAcls, readNetworks, readRouting } from './network.js';
import { readSecurityGroups } from './security-groups.js';
import { readServers } from './servers.js';
import { readLoadBalancers } from './load-balancers.js';
import { readEndpoints } from './endpoints.js';
import { readInternet } from './internet.js';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

export const list0 = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export interface Body {
  readonly file: string;
  readonly source: ParsedSource;
  readonly key: string;
  readonly items: Json[];
  /** The id in the file name (`members-<pool id>.json`), for bodies whose API names it only in the URL. */
  readonly parent: string | undefined;
}

/** Each API object as a resource of the provider's type, with its attribute names. */
/** The resources made of the response bodies: each API object as a resource of the provider's type, with a readable, unique id. */
export class ApiResources {
  readonly out: { res: TfResource; source: ParsedSource }[] = [];
  private readonly names = new Map<string, number>();

  constructor(private readonly bodies: readonly Body[]) {
    for (const b of bodies)
      for (const o of b.items) {
        const n = nameOf(o);
        if (n) this.names.set(n, (this.names.get(n) ?? 0) + 1);
      }
  }

  /** The bodies of one top-level key. */
  of(key: string): Body[] {
    return this.bodies.filter((b) => b.key === key);
  }

  /** A readable, unique id: the object's name, or name#id when the name is not unique. */
  private idOf(o: Json, kind: string): string {
    const name = nameOf(o);
    const id = str(o.id) ?? '';
    if (name && this.names.get(name) === 1) return name;
    const short: Readonly<Record<string, string>> = { vpcep_endpoint: 'endpoint', networking_secgroup_rule: 'rule', elb_member: 'member', lb_member: 'member' };
    return name ? `${name}#${id.slice(0, 8)}` : `${short[kind] ?? kind}-${id.slice(0, 8)}`;
  }

  /** Adds the object at `b`'s item `i` as a resource of `type` with the provider's attribute `values`. */
  add(b: Body, i: number, type: string, o: Json, values: Json): void {
    const address = this.idOf(o, type.replace(/^huaweicloud_/, ''));
    this.out.push({
      res: {
        address,
        mode: 'managed',
        type,
        name: address,
        index: undefined,
        module: '',
        configModule: '',
        values,
        unknown: undefined,
        path: [b.key, i],
        provider: 'huaweicloud',
        label: '',
        providerName: `api:${basename(b.file)}`,
      },
      source: b.source,
    });
  }
}

/** An object's name; a service's own part of its full name `{region}.{name}.{id}`. */
export function nameOf(o: Json): string | undefined {
  const full = str(o.service_name);
  // An EIP's name is its alias.
  if (!full) return str(o.name) ?? str(o.alias);
  const parts = full.split('.');
  return parts.length >= 3 ? parts.slice(1, -1).join('.') : undefined;
}

/** Each API object as a resource of the provider's type, with its attribute names. */
export function toResources(bodies: readonly Body[]): { res: TfResource; source: ParsedSource }[] {
  const api = new ApiResources(bodies);
  readNetworks(api);
  readSecurityGroups(api);
  readAcls(api);
  readServers(api);
  readLoadBalancers(api);
  readEndpoints(api);
  readRouting(api);
  readInternet(api);
  return api.out;
}

export function contains(cidr: string, ip: string): boolean {
  const c = parseCidr(cidr, false);
  const a = parseCidr(ip, true);
  return c.ok && a.ok && c.value.lo <= a.value.lo && a.value.lo <= c.value.hi;
}
