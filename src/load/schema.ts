import * as z from 'zod';

/**
 * Structural schemas of model and scenario files. They check shapes, types and enumerations only;
 * values (addresses, port ranges, references, limits) are checked by validate-model.ts with positions.
 */

import { ROUTE_TYPES } from '../model/index.js';

const endpointStatuses = ['pendingAcceptance', 'accepted', 'rejected', 'failed', 'creating', 'deleting'] as const;
const peeringStatuses = ['pendingAcceptance', 'active', 'rejected', 'expired', 'deleted'] as const;

/** Builds the schemas. `strict` rejects unknown fields (for reporting); lenient strips them and allows null list items (for pruning broken items while keeping list positions). */
function build(strict: boolean) {
  const obj = <T extends z.core.$ZodShape>(shape: T): z.ZodObject<T> => (strict ? z.strictObject(shape) : z.object(shape));
  const arr = <T extends z.ZodType>(item: T) => (strict ? z.array(item) : z.array(item.nullable()));
  // Ids appear in every report and picture: no control characters (XML cannot hold most of them at all).
  const id = z
    .string()
    .min(1, { error: 'must not be empty' })
    // eslint-disable-next-line no-control-regex -- the point: refuse control characters
    .regex(/^[^\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]*$/, { error: 'must not hold control characters' });
  const text = z.string();
  const tags = z.record(z.string(), z.string(), { error: 'must be a mapping of tag keys to string values' });
  /** A port number, or a string holding one or a "lo-hi" range. */
  const portSpec = z.union([z.number(), z.string()], { error: 'must be a port number or a "lo-hi" range string' });
  const portsField = z.union([portSpec, z.array(portSpec)], { error: 'must be a port number, a "lo-hi" range, or a list of those' });
  const port = z.union([z.number(), z.string()], { error: 'must be a port number' });
  const boolean = z.boolean({ error: 'must be true or false' });
  /** A whole number, or a string holding one ("5"), as people write them. */
  const count = z.union([z.number(), z.string()], { error: 'must be a number' });
  const common = { id, name: text.optional(), description: text.optional(), tags: tags.optional() };

  const subnetSchema = obj({
    ...common,
    cidr: text,
    networkAcl: id.optional(),
  });

  const vpcSchema = obj({
    ...common,
    account: id.optional(),
    region: id.optional(),
    cidr: text,
    subnets: arr(subnetSchema).optional(),
  });

  const protocol = z.enum(['tcp', 'udp', 'icmp', 'any']);
  const action = z.enum(['allow', 'deny']);

  const securityGroupRuleSchema = obj({
    direction: z.enum(['ingress', 'egress']),
    protocol: protocol.optional(),
    ports: portsField.optional(),
    icmpCode: count.optional(),
    source: text.optional(),
    sourceGroup: id.optional(),
    destination: text.optional(),
    destinationGroup: id.optional(),
    action: action.optional(),
    priority: count.optional(),
    description: text.optional(),
  });

  const securityGroupSchema = obj({
    ...common,
    rules: arr(securityGroupRuleSchema).optional(),
  });

  const networkAclRuleSchema = obj({
    priority: count.optional(),
    action: action,
    protocol: protocol.optional(),
    ports: portsField.optional(),
    sourcePorts: portsField.optional(),
    source: text.optional(),
    destination: text.optional(),
    description: text.optional(),
    enabled: boolean.optional(),
  });

  const networkAclSchema = obj({
    ...common,
    enabled: boolean.optional(),
    inbound: arr(networkAclRuleSchema).optional(),
    outbound: arr(networkAclRuleSchema).optional(),
  });

  const instanceSchema = obj({
    ...common,
    kind: z.enum(['ecs', 'bms']),
    subnet: id,
    ip: text,
    securityGroups: z.array(id).min(1, { error: 'an instance needs at least one security group' }),
    listens: z.array(portSpec).optional(),
  });

  const memberSchema = obj({
    instance: id,
    port: port,
    healthy: boolean.optional(),
    weight: count.optional(),
    type: z.enum(['instance', 'ip']).optional(),
  });

  const accessControlSchema = obj({
    mode: z.enum(['all', 'whitelist', 'blacklist']),
    cidrs: z.array(text).optional(),
  });

  const healthCheckSchema = obj({
    enabled: boolean.optional(),
    protocol: z.enum(['tcp', 'udp', 'http', 'https']).optional(),
    port: port.optional(),
  });

  const listenerSchema = obj({
    ...common,
    protocol: z.enum(['tcp', 'udp', 'http', 'https']),
    port: port,
    accessControl: accessControlSchema.optional(),
    healthCheck: healthCheckSchema.optional(),
    transferClientIp: boolean.optional(),
    members: arr(memberSchema).optional(),
  });

  const loadBalancerSchema = obj({
    ...common,
    kind: z.enum(['shared', 'dedicated']),
    subnet: id,
    ip: text,
    ipAsBackend: boolean.optional(),
    listeners: arr(listenerSchema).optional(),
  });

  const portMappingSchema = obj({
    protocol: text.optional(),
    servicePort: port,
    terminalPort: port,
  });

  const backendSchema = z.discriminatedUnion(
    'kind',
    [obj({ kind: z.literal('elb'), loadBalancer: id }), obj({ kind: z.literal('ecs'), instance: id }), obj({ kind: z.literal('bms'), instance: id })],
    { error: 'backend.kind must be one of elb, ecs, bms' },
  );

  const endpointServiceSchema = obj({
    ...common,
    account: id.optional(),
    region: id.optional(),
    vpc: id,
    serviceType: text.optional(),
    approval: boolean.optional(),
    backend: backendSchema,
    portMappings: arr(portMappingSchema).optional(),
    permissions: z.array(text).optional(),
  });

  const endpointSchema = obj({
    ...common,
    account: id.optional(),
    region: id.optional(),
    vpc: id,
    subnet: id,
    ip: text,
    service: id,
    status: z.enum(endpointStatuses).optional(),
    whitelist: z.array(text).optional(),
    whitelistEnabled: boolean.optional(),
  });

  const peeringSchema = obj({
    ...common,
    vpc: id,
    peerVpc: id,
    status: z.enum(peeringStatuses).optional(),
  });

  const routeSchema = obj({
    destination: text,
    type: z.enum(ROUTE_TYPES),
    nextHop: id,
    description: text.optional(),
  });

  const routeTableSchema = obj({
    ...common,
    vpc: id,
    default: boolean.optional(),
    subnets: z.array(id).optional(),
    routes: arr(routeSchema).optional(),
  });

  const eipSchema = obj({
    ...common,
    address: text,
    instance: id.optional(),
    loadBalancer: id.optional(),
  });

  const snatRuleSchema = obj({
    subnet: id.optional(),
    cidr: text.optional(),
    eips: z.array(id),
    description: text.optional(),
  });

  const dnatRuleSchema = obj({
    eip: id,
    protocol: z.enum(['tcp', 'udp', 'any']),
    externalPort: port.optional(),
    internalPort: port.optional(),
    instance: id.optional(),
    privateIp: text.optional(),
    description: text.optional(),
  });

  const natGatewaySchema = obj({
    ...common,
    vpc: id,
    subnet: id,
    snatRules: arr(snatRuleSchema).optional(),
    dnatRules: arr(dnatRuleSchema).optional(),
  });

  const accountSchema = obj({
    id,
    name: text.optional(),
    orgPath: text.optional(),
    description: text.optional(),
  });

  const modelSchema = obj({
    region: id.optional(),
    description: text.optional(),
    accounts: arr(accountSchema).optional(),
    vpcs: arr(vpcSchema).optional(),
    securityGroups: arr(securityGroupSchema).optional(),
    networkAcls: arr(networkAclSchema).optional(),
    instances: arr(instanceSchema).optional(),
    loadBalancers: arr(loadBalancerSchema).optional(),
    endpointServices: arr(endpointServiceSchema).optional(),
    endpoints: arr(endpointSchema).optional(),
    peerings: arr(peeringSchema).optional(),
    routeTables: arr(routeTableSchema).optional(),
    eips: arr(eipSchema).optional(),
    natGateways: arr(natGatewaySchema).optional(),
  });

  /** The top level alone, every section a list of anything: the items are checked one by one (see validate-model.ts). */
  const anyList = z.array(z.unknown()).optional();
  const topSchema = obj({
    region: id.optional(),
    description: text.optional(),
    accounts: anyList,
    vpcs: anyList,
    securityGroups: anyList,
    networkAcls: anyList,
    instances: anyList,
    loadBalancers: anyList,
    endpointServices: anyList,
    endpoints: anyList,
    peerings: anyList,
    routeTables: anyList,
    eips: anyList,
    natGateways: anyList,
  });

  return {
    modelSchema,
    topSchema,
    sections: {
      accounts: accountSchema,
      vpcs: vpcSchema,
      securityGroups: securityGroupSchema,
      networkAcls: networkAclSchema,
      instances: instanceSchema,
      loadBalancers: loadBalancerSchema,
      endpointServices: endpointServiceSchema,
      endpoints: endpointSchema,
      peerings: peeringSchema,
      routeTables: routeTableSchema,
      eips: eipSchema,
      natGateways: natGatewaySchema,
    },
  };
}

type Schemas = ReturnType<typeof build>;
const built: { strict?: Schemas; lenient?: Schemas } = {};
/**
 * The schemas, built on first use: building them takes longer than a short command's whole run, and a command that
 * reads no model, or only a valid one (the lenient schemas prune broken items), need not pay for it.
 */
function schemas(strict: boolean): Schemas {
  return strict ? (built.strict ??= build(true)) : (built.lenient ??= build(false));
}

/** The model file schema: rejects unknown fields. Used to report structural problems. */
export function modelSchema(): Schemas['modelSchema'] {
  return schemas(true).modelSchema;
}
/** The schemas split into the top level and one per section's item, strict and lenient. */
export const splitSchemas = {
  get strict() {
    const s = schemas(true);
    return { top: s.topSchema, items: s.sections };
  },
  get lenient() {
    const s = schemas(false);
    return { top: s.topSchema, items: s.sections };
  },
};
/** The top-level lists of a model file. */
export type Section = keyof Schemas['sections'];
export const SECTIONS: readonly Section[] = [
  'accounts',
  'vpcs',
  'securityGroups',
  'networkAcls',
  'instances',
  'loadBalancers',
  'endpointServices',
  'endpoints',
  'peerings',
  'routeTables',
  'eips',
  'natGateways',
];

/** A model file as read (the lenient schema: unknown fields stripped, null list items allowed). */
export type RawModel = z.infer<Schemas['modelSchema']>;
type Item<T> = NonNullable<NonNullable<T> extends readonly (infer U)[] ? U : never>;
export type RawAccount = Item<RawModel['accounts']>;
export type RawVpc = Item<RawModel['vpcs']>;
export type RawSecurityGroup = Item<RawModel['securityGroups']>;
export type RawNetworkAcl = Item<RawModel['networkAcls']>;
export type RawInstance = Item<RawModel['instances']>;
export type RawLoadBalancer = Item<RawModel['loadBalancers']>;
export type RawHealthCheck = NonNullable<Item<RawLoadBalancer['listeners']>['healthCheck']>;
export type RawEndpointService = Item<RawModel['endpointServices']>;
export type RawEndpoint = Item<RawModel['endpoints']>;
export type RawPeering = Item<RawModel['peerings']>;
export type RawRouteTable = Item<RawModel['routeTables']>;
export type RawEip = Item<RawModel['eips']>;
export type RawNatGateway = Item<RawModel['natGateways']>;
