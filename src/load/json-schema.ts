import * as z from 'zod';
import { modelSchema } from './schema.js';
import { scenarioSchema } from './scenario-schema.js';

function withHeader(schema: Record<string, unknown>, title: string, description: string): Record<string, unknown> {
  const { $schema, ...rest } = schema;
  return { $schema, title, description, ...rest };
}

/** JSON Schema of model files, generated from the zod schema (editors use it to validate and complete). */
export function modelJsonSchema(): Record<string, unknown> {
  return withHeader(
    z.toJSONSchema(modelSchema(), { target: 'draft-7', io: 'input' }),
    'vpcreach model',
    'A network model for vpcreach: VPCs, subnets, security groups, network ACLs, instances, load balancers, VPC endpoint services and endpoints, VPC peering connections, route tables, EIPs and NAT gateways. See docs/model-format.md.',
  );
}

/** JSON Schema of scenario files. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return withHeader(
    z.toJSONSchema(scenarioSchema, { target: 'draft-7', io: 'input' }),
    'vpcreach scenario',
    'Reachability expectations over one vpcreach model. See README.md.',
  );
}
