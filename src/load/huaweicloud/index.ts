/**
 * The Huawei Cloud API front end: a directory of JSON response bodies of the documented list APIs (VPCs, subnets,
 * security groups and rules, network ACLs, ECS servers, ELB load balancers, listeners, pools, members, health
 * monitors and IP groups, VPC endpoint services with their permissions and connections, VPC endpoints, peering connections, route
 * tables, EIPs, NAT gateways with their SNAT and DNAT rules) read into the same model the
 * Terraform front end makes. Each API object becomes a resource with the provider's attribute names — the provider
 * mirrors the API — so one translation (terraform/translate.ts) serves both; every diagnostic points at the response
 * file, line and column, and names the object (`servers.json: servers[3] "web-1"`).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readSource, type InputLimits, type ParsedSource } from '../source.js';
import type { Diagnostic, SourceLocation } from '../../model/index.js';
import type { TfDocument, TfResource } from '../terraform/document.js';
import { translate } from '../terraform/translate.js';
import type { TranslatedSource } from '../terraform/index.js';
import { isObject, str, list, type Body, toResources } from './resources.js';

/** The response bodies vpcreach reads, by their top-level key, with the API that returns each. */
const API_BODIES: readonly { readonly key: string; readonly api: string }[] = [
  { key: 'vpcs', api: 'GET /v1/{project_id}/vpcs' },
  { key: 'subnets', api: 'GET /v1/{project_id}/subnets' },
  { key: 'security_groups', api: 'GET /v3/{project_id}/vpc/security-groups' },
  { key: 'security_group_rules', api: 'GET /v3/{project_id}/vpc/security-group-rules' },
  { key: 'address_groups', api: 'GET /v3/{project_id}/vpc/address-groups' },
  { key: 'firewalls', api: 'GET /v3/{project_id}/vpc/firewalls (network ACLs, with their rules)' },
  { key: 'servers', api: 'GET /v1/{project_id}/cloudservers/detail' },
  { key: 'loadbalancers', api: 'GET /v3/{project_id}/elb/loadbalancers' },
  { key: 'listeners', api: 'GET /v3/{project_id}/elb/listeners' },
  { key: 'pools', api: 'GET /v3/{project_id}/elb/pools' },
  { key: 'members', api: 'GET /v3/{project_id}/elb/pools/{pool_id}/members, saved as members-{pool_id}.json' },
  { key: 'healthmonitors', api: 'GET /v3/{project_id}/elb/healthmonitors' },
  { key: 'ipgroups', api: 'GET /v3/{project_id}/elb/ipgroups' },
  { key: 'whitelists', api: 'GET /v2.0/lbaas/whitelists (shared load balancers)' },
  { key: 'endpoint_services', api: 'GET /v1/{project_id}/vpc-endpoint-services' },
  { key: 'permissions', api: 'GET /v1/{project_id}/vpc-endpoint-services/{service_id}/permissions, saved as permissions-{service_id}.json' },
  { key: 'connections', api: 'GET /v1/{project_id}/vpc-endpoint-services/{service_id}/connections, saved as connections-{service_id}.json' },
  { key: 'endpoints', api: 'GET /v1/{project_id}/vpc-endpoints' },
  { key: 'peerings', api: 'GET /v2.0/vpc/peerings' },
  {
    key: 'routetables',
    api: 'GET /v1/{project_id}/routetables (each table with its routes: the bodies of GET /v1/{project_id}/routetables/{routetable_id}, saved as routetable-{id}.json)',
  },
  { key: 'publicips', api: 'GET /v1/{project_id}/publicips' },
  { key: 'nat_gateways', api: 'GET /v2/{project_id}/nat_gateways' },
  { key: 'snat_rules', api: 'GET /v2/{project_id}/snat_rules' },
  { key: 'dnat_rules', api: 'GET /v2/{project_id}/dnat_rules' },
];

/** What `vpcreach import huaweicloud` makes of a directory: the model document with a locator, and what was noted. */
export interface ApiSource extends TranslatedSource {
  /** Files read, and files passed over (not JSON, or no body vpcreach reads). */
  readonly files: readonly string[];
  readonly unreadable: boolean;
}

/** Reads a directory of API response bodies. Never throws for bad input. */
export function fromApiDump(dir: string, limits: Partial<InputLimits> = {}): ApiSource {
  const diagnostics: Diagnostic[] = [];
  const at = (file: string): SourceLocation => ({ file, path: '', line: 0, column: 0 });
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    names = readdirSync(dir)
      .filter((n) => n.toLowerCase().endsWith('.json'))
      .sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? `${dir} does not exist` : code === 'ENOTDIR' ? `${dir} is not a directory` : `${dir} cannot be read (${code ?? 'unknown error'})`;
    return refusal(dir, 'file-not-found', message, 'give the directory the API responses were saved in (docs/import.md)');
  }
  const bodies: Body[] = [];
  const files: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const source = readSource(file, limits);
    files.push(file);
    if (source.data === undefined) {
      for (const d of source.diagnostics) diagnostics.push(d);
      continue;
    }
    const data = source.data;
    // One route table's details come as {"routetable": {…}}: read as a list of one.
    if (isObject(data) && isObject(data.routetable) && !Array.isArray(data.routetables)) data.routetables = [data.routetable];
    const known = isObject(data) ? API_BODIES.find((b) => Array.isArray(data[b.key])) : undefined;
    if (!known || !isObject(data)) {
      diagnostics.push({
        code: 'api-body-unknown',
        severity: 'info',
        message: `${file} is not a response body vpcreach reads (none of ${API_BODIES.map((b) => b.key).join(', ')} at the top level): passed over`,
        location: source.locate([]),
      });
      continue;
    }
    const parent = /^[a-z_]+-(.+)\.json$/i.exec(name)?.[1] ?? str(data.pool_id) ?? str(data.service_id);
    bodies.push({ file, source, key: known.key, items: list(data[known.key]), parent });
  }
  if (diagnostics.some((d) => d.severity === 'error'))
    return { file: dir, data: undefined, diagnostics, locate: () => at(dir), address: () => undefined, files, unreadable: true };
  if (!bodies.some((b) => b.items.length > 0 && ['vpcs', 'subnets', 'servers', 'endpoint_services', 'endpoints'].includes(b.key)))
    return refusal(
      dir,
      'api-no-resources',
      `${dir} holds no VPCs, subnets, servers, endpoint services or endpoints`,
      `save the responses of ${API_BODIES.slice(0, 6)
        .map((b) => b.api)
        .join('; ')} … as JSON files there (docs/import.md)`,
    );

  const resources = toResources(bodies);
  const sourceOf = new Map<TfResource, ParsedSource>();
  for (const r of resources) sourceOf.set(r.res, r.source);
  const doc: TfDocument = {
    kind: 'state',
    formatVersion: 'api',
    terraformVersion: 'api',
    resources: resources.map((r) => r.res),
    configurations: new Map(),
    providerConfig: {},
  };
  const t = translate(doc, (res, path) => sourceOf.get(res)!.locate(path), at(dir));
  return {
    file: dir,
    data: t.model,
    diagnostics: [...diagnostics, ...t.diagnostics],
    locate: (path) => t.locate(path),
    address: (path) => t.address(path),
    files,
    unreadable: false,
  };
}

function refusal(dir: string, code: string, message: string, hint: string): ApiSource {
  const location: SourceLocation = { file: dir, path: '', line: 0, column: 0 };
  return {
    file: dir,
    data: undefined,
    diagnostics: [{ code, severity: 'error', message, hint, location }],
    locate: () => location,
    address: () => undefined,
    files: [],
    unreadable: true,
  };
}
