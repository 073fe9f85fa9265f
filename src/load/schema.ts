import { z } from 'zod';

/**
 * Structural schemas of model and scenario files. They check shapes, types and enumerations only;
 * values (addresses, port ranges, references, limits) are checked by validate-model.ts with positions.
 */

const id = z.string().min(1, { error: 'must not be empty' });
const text = z.string();
const tags = z.record(z.string(), z.string(), { error: 'must be a mapping of tag keys to string values' });
/** A port number, or a string holding one or a "lo-hi" range. */
export const portSpec = z.union([z.number(), z.string()], { error: 'must be a port number or a "lo-hi" range string' });
const portsField = z.union([portSpec, z.array(portSpec)], { error: 'must be a port number, a "lo-hi" range, or a list of those' });
const port = z.union([z.number(), z.string()], { error: 'must be a port number' });
const boolean = z.boolean({ error: 'must be true or false' });
const common = { id, name: text.optional(), description: text.optional(), tags: tags.optional() };

export const subnetSchema = z.strictObject({
  ...common,
  cidr: text,
  networkAcl: id.optional(),
});

export const vpcSchema = z.strictObject({
  ...common,
  account: id.optional(),
  region: id.optional(),
  cidr: text,
  subnets: z.array(subnetSchema).optional(),
});

const protocol = z.enum(['tcp', 'udp', 'icmp', 'any']);
const action = z.enum(['allow', 'deny']);

export const securityGroupRuleSchema = z.strictObject({
  direction: z.enum(['ingress', 'egress']),
  protocol: protocol.optional(),
  ports: portsField.optional(),
  source: text.optional(),
  sourceGroup: id.optional(),
  destination: text.optional(),
  destinationGroup: id.optional(),
  action: action.optional(),
  priority: z.number().optional(),
  description: text.optional(),
});

export const securityGroupSchema = z.strictObject({
  ...common,
  rules: z.array(securityGroupRuleSchema).optional(),
});

export const networkAclRuleSchema = z.strictObject({
  priority: z.number().optional(),
  action: action,
  protocol: protocol.optional(),
  ports: portsField.optional(),
  source: text.optional(),
  destination: text.optional(),
  description: text.optional(),
});

export const networkAclSchema = z.strictObject({
  ...common,
  inbound: z.array(networkAclRuleSchema).optional(),
  outbound: z.array(networkAclRuleSchema).optional(),
});

export const instanceSchema = z.strictObject({
  ...common,
  kind: z.enum(['ecs', 'bms']),
  subnet: id,
  ip: text,
  securityGroups: z.array(id).min(1, { error: 'an instance needs at least one security group' }),
  listens: z.array(portSpec).optional(),
});

export const memberSchema = z.strictObject({
  instance: id,
  port: port,
  healthy: boolean.optional(),
  weight: z.number().optional(),
});

export const accessControlSchema = z.strictObject({
  mode: z.enum(['all', 'whitelist', 'blacklist']),
  cidrs: z.array(text).optional(),
});

export const listenerSchema = z.strictObject({
  ...common,
  protocol: z.enum(['tcp', 'udp', 'http', 'https']),
  port: port,
  accessControl: accessControlSchema.optional(),
  members: z.array(memberSchema).optional(),
});

export const loadBalancerSchema = z.strictObject({
  ...common,
  kind: z.enum(['shared', 'dedicated']),
  subnet: id,
  ip: text,
  ipAsBackend: boolean.optional(),
  listeners: z.array(listenerSchema).optional(),
});

export const portMappingSchema = z.strictObject({
  protocol: text.optional(),
  servicePort: port,
  terminalPort: port,
});

export const backendSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('elb'), loadBalancer: id }),
    z.strictObject({ kind: z.literal('ecs'), instance: id }),
    z.strictObject({ kind: z.literal('bms'), instance: id }),
  ],
  { error: 'backend.kind must be one of elb, ecs, bms' },
);

export const endpointServiceSchema = z.strictObject({
  ...common,
  account: id.optional(),
  region: id.optional(),
  vpc: id,
  serviceType: text.optional(),
  approval: boolean.optional(),
  backend: backendSchema,
  portMappings: z.array(portMappingSchema).optional(),
  permissions: z.array(text).optional(),
});

export const endpointStatuses = ['pendingAcceptance', 'accepted', 'rejected', 'failed', 'creating', 'deleting'] as const;

export const endpointSchema = z.strictObject({
  ...common,
  account: id.optional(),
  region: id.optional(),
  vpc: id,
  subnet: id,
  ip: text,
  service: id,
  status: z.enum(endpointStatuses).optional(),
  whitelist: z.array(text).optional(),
});

/** The top-level lists of a model file, each with its item schema. */
export const modelSections = {
  vpcs: vpcSchema,
  securityGroups: securityGroupSchema,
  networkAcls: networkAclSchema,
  instances: instanceSchema,
  loadBalancers: loadBalancerSchema,
  endpointServices: endpointServiceSchema,
  endpoints: endpointSchema,
} as const;

export type SectionName = keyof typeof modelSections;

export const modelSchema = z.strictObject({
  region: id.optional(),
  description: text.optional(),
  vpcs: z.array(vpcSchema).optional(),
  securityGroups: z.array(securityGroupSchema).optional(),
  networkAcls: z.array(networkAclSchema).optional(),
  instances: z.array(instanceSchema).optional(),
  loadBalancers: z.array(loadBalancerSchema).optional(),
  endpointServices: z.array(endpointServiceSchema).optional(),
  endpoints: z.array(endpointSchema).optional(),
});

export type RawModel = z.infer<typeof modelSchema>;
export type RawVpc = z.infer<typeof vpcSchema>;
export type RawSecurityGroup = z.infer<typeof securityGroupSchema>;
export type RawNetworkAcl = z.infer<typeof networkAclSchema>;
export type RawInstance = z.infer<typeof instanceSchema>;
export type RawLoadBalancer = z.infer<typeof loadBalancerSchema>;
export type RawEndpointService = z.infer<typeof endpointServiceSchema>;
export type RawEndpoint = z.infer<typeof endpointSchema>;
