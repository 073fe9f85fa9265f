import type { Diagnostic, Model, Resource } from '../model/index.js';

import type * as z from 'zod';
import { modelSchema, SECTIONS, splitSchemas, type RawModel, type Section } from './schema.js';
import type { DataPath, ParsedSource } from './source.js';
import { describe, safeParse, zodDiagnostics } from './zod-diagnostics.js';
import { buildInstance, buildSecurityGroup } from './model/compute.js';
import { ValidationContext } from './model/context.js';
import { buildEndpointService } from './model/endpoint-service.js';
import { buildEndpoint } from './model/endpoint.js';
import { registerIds } from './model/ids.js';
import { withinCounts } from './model/limits.js';
import { buildLoadBalancer } from './model/load-balancer.js';
import { buildNetworkAcl, buildVpc } from './model/network.js';
import { buildAccount } from './model/account.js';
import { pruneToValid } from './model/prune.js';
import { assignRouteTables, buildPeering, buildRouteTable } from './model/routing.js';
import { buildEip, buildNatGateway } from './model/internet.js';

export { LIMITS } from './model/limits.js';

type Builder<S extends Section> = (ctx: ValidationContext, raw: NonNullable<NonNullable<RawModel[S]>[number]>, path: DataPath) => void;

/**
 * The order resources are built in. Each kind needs what the ones before it built:
 * subnets name network ACLs; instances sit in subnets; a group rule that names a group matches the addresses of
 * that group's instances; listeners' members are instances; accounts come first, for permissions to match; a service's backend is a load balancer or an
 * instance; an endpoint needs its service (approval, region); a peering connection joins VPCs; a route table's routes
 * lead to peering connections, and a service's VPC refuses some routes; an EIP is bound to an instance or a load
 * balancer; a NAT gateway's rules use EIPs.
 */
type Stage = { [S in Section]: { section: S; build: Builder<S> } }[Section];
const BUILD_ORDER: readonly Stage[] = [
  { section: 'accounts', build: buildAccount },
  { section: 'networkAcls', build: buildNetworkAcl },
  { section: 'vpcs', build: buildVpc },
  { section: 'instances', build: buildInstance },
  { section: 'securityGroups', build: buildSecurityGroup },
  { section: 'loadBalancers', build: buildLoadBalancer },
  { section: 'endpointServices', build: buildEndpointService },
  { section: 'endpoints', build: buildEndpoint },
  { section: 'peerings', build: buildPeering },
  { section: 'routeTables', build: buildRouteTable },
  { section: 'eips', build: buildEip },
  { section: 'natGateways', build: buildNatGateway },
];

/**
 * Checks a parsed model file and, when it has no errors, resolves it into a Model. The stages, in order:
 * 1. counts: the file is a mapping; absurd list sizes stop here, before any per-item work;
 * 2. shape: checked against the strict schema (every structural mistake is reported);
 * 3. ids: every id is registered once, so references can be resolved in any order;
 * 4. prune: structurally broken list items are set aside (positions kept), so the value checks can run on the rest;
 * 5. build: each kind in BUILD_ORDER, checking values and references;
 * 6. assemble: the resolved model, unless an error was found.
 */
export function validateModel(source: ParsedSource): { model: Model | undefined; diagnostics: Diagnostic[] } {
  const ctx = new ValidationContext(source);
  const model = run(ctx);
  return { model: ctx.diagnostics.hasErrors() ? undefined : model, diagnostics: ctx.diagnostics.list() };
}

function run(ctx: ValidationContext): Model | undefined {
  const data = ctx.source.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    ctx.error(
      'invalid-type',
      [],
      `a model file must be a mapping with top-level fields (region, vpcs, securityGroups, …); got ${describe(data)}`,
      'see docs/model-format.md',
    );
    return undefined;
  }
  // Counts first: a list over its limit is one message, before any per-item work (the schema's included).
  if (!withinCounts(ctx)) return undefined;
  const checked = checkShape(ctx);
  if (typeof ctx.data.region === 'string' && ctx.data.region !== '') ctx.region = ctx.data.region;

  registerIds(ctx);
  const lenient = pruneToValid(ctx.data, checked);
  if (lenient) for (const stage of BUILD_ORDER) buildSection(ctx, lenient, stage);
  assignRouteTables(ctx);
  return assemble(ctx);
}

/**
 * The strict schema, applied to the top level and then to each item of each section on its own: the problems of
 * one item are turned into diagnostics before the next item is looked at, so memory holds only what the
 * DiagnosticBag keeps, however many items are broken. The diagnostics are those of one whole-document parse.
 * Returns each section's items as the strict schema parsed them (undefined where an item has a problem): the
 * lenient parse of an item the strict one accepts gives the same data, so pruning takes them as they are.
 */
function checkShape(ctx: ValidationContext): Partial<Record<Section, unknown[]>> {
  const accepted: Partial<Record<Section, unknown[]>> = {};
  const report = (issues: readonly z.core.$ZodIssue[]): void => {
    for (const d of zodDiagnostics(issues, modelSchema(), ctx.source)) ctx.diagnostics.push(d);
  };
  const top = safeParse(splitSchemas.strict.top, ctx.data);
  if (!top.success) report(top.error.issues);
  for (const section of SECTIONS) {
    const list = ctx.data[section];
    if (!Array.isArray(list)) continue;
    const schema = splitSchemas.strict.items[section];
    const items = (accepted[section] = new Array<unknown>(list.length));
    for (let i = 0; i < list.length; i++) {
      const r = safeParse(schema, list[i]);
      if (r.success) items[i] = r.data;
      else report(r.error.issues.map((issue) => ({ ...issue, path: [section, i, ...issue.path] })));
    }
  }
  return accepted;
}

/** Builds one section's items in file order; items pruned as structurally broken (null) are skipped. */
function buildSection(ctx: ValidationContext, model: RawModel, stage: Stage): void {
  // Each stage pairs a section with the builder of its items (the Stage type says so); the call cannot see it.
  const build = stage.build as (ctx: ValidationContext, raw: unknown, path: DataPath) => void;
  const list: readonly unknown[] = model[stage.section] ?? [];
  list.forEach((item, i) => {
    if (item !== null) build(ctx, item, [stage.section, i]);
  });
}

function assemble(ctx: ValidationContext): Model {
  const resources = new Map<string, Resource>();
  for (const m of [
    ctx.vpcs,
    ctx.subnets,
    ctx.securityGroups,
    ctx.networkAcls,
    ctx.instances,
    ctx.loadBalancers,
    ctx.listeners,
    ctx.endpointServices,
    ctx.endpoints,
    ctx.peerings,
    ctx.routeTables,
    ctx.eips,
    ctx.natGateways,
  ] as ReadonlyMap<string, Resource>[]) {
    for (const [k, r] of m) resources.set(k, r);
  }
  const model: Model = {
    file: ctx.source.file,
    region: ctx.region,
    accounts: ctx.accounts,
    vpcs: ctx.vpcs,
    subnets: ctx.subnets,
    securityGroups: ctx.securityGroups,
    networkAcls: ctx.networkAcls,
    instances: ctx.instances,
    loadBalancers: ctx.loadBalancers,
    listeners: ctx.listeners,
    endpointServices: ctx.endpointServices,
    endpoints: ctx.endpoints,
    peerings: ctx.peerings,
    routeTables: ctx.routeTables,
    eips: ctx.eips,
    natGateways: ctx.natGateways,
    resources,
    configuration: null,
  };
  // The front end that read another configuration says how a change of it is written.
  return ctx.source.configuration ? { ...model, configuration: ctx.source.configuration(model) } : model;
}
