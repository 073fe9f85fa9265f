import { z } from 'zod';

/** Schema of one expectation. */
export const expectationSchema = z.strictObject({
  name: z.string().min(1, { error: 'must not be empty' }),
  from: z.string().min(1, { error: 'must not be empty' }),
  to: z.string().min(1, { error: 'must not be empty' }),
  port: z.union([z.number(), z.string()], { error: 'must be a port number' }),
  protocol: z.enum(['tcp', 'udp']).optional(),
  expect: z.enum(['reachable', 'unreachable', 'partial']),
  code: z.string().optional(),
  description: z.string().optional(),
});

/** Schema of a scenario file. */
export const scenarioSchema = z.strictObject({
  model: z.string().min(1, { error: 'must not be empty' }),
  description: z.string().optional(),
  expectations: z.array(expectationSchema),
});
