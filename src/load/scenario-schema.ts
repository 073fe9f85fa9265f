import * as z from 'zod';

/** Schema of one expectation. */
export const expectationSchema = z.strictObject({
  name: z.string().min(1, { error: 'must not be empty' }),
  from: z.string().min(1, { error: 'must not be empty' }),
  to: z.string().min(1, { error: 'must not be empty' }),
  port: z.union([z.number(), z.string(), z.array(z.union([z.number(), z.string()])).min(1, { error: 'must list at least one port' })], {
    error: 'must be a port number, a "lo-hi" range, or a list of them',
  }),
  protocol: z.enum(['tcp', 'udp', 'icmp']).optional(),
  srcPort: z.number().optional(),
  icmpCode: z.number().optional(),
  expect: z.enum(['reachable', 'unreachable', 'partial', 'some']),
  code: z
    .union([z.string(), z.array(z.string()).min(1, { error: 'must list at least one code' })], { error: 'must be a disposition code or a list of them' })
    .optional(),
  description: z.string().optional(),
});

/** The top of a scenario file, with the expectations left to be checked one by one (so one bad item hides no other). */
export const scenarioShellSchema = z.strictObject({
  model: z.string().min(1, { error: 'must not be empty' }),
  description: z.string().optional(),
  expectations: z.array(z.unknown()),
});

/** Schema of a scenario file. */
export const scenarioSchema = z.strictObject({
  model: z.string().min(1, { error: 'must not be empty' }),
  description: z.string().optional(),
  expectations: z.array(expectationSchema),
});
