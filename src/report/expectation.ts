import type { Expectation } from '../verify/scenario.js';
import type { Decided } from '../sim/engine.js';
import type { TraceResult } from '../sim/types.js';
import { MAX_TRACED_FAILURES } from '../model/index.js';

/** Whether a failure carries its hop-by-hop trace (the first MAX_TRACED_FAILURES of a run do). */
export function isTraced(r: TraceResult | Decided): r is TraceResult {
  return 'traces' in r;
}

/** What a report says of a failure past the first MAX_TRACED_FAILURES, which carries its decision but no trace. */
export function untracedNote(x: Expectation, model: string | null): string {
  const port = x.port === x.portEnd ? x.port : '<port>';
  return `(not traced: a run traces its first ${MAX_TRACED_FAILURES.toLocaleString('en-US')} failures; vpcreach trace ${model ?? '<model>'} --from ${x.from} --to ${x.to} --port ${port}${x.protocol === 'tcp' ? '' : ` --protocol ${x.protocol}`} explains this one)`;
}

/** An expectation's port: "80", or "6000-7000" for a range. */
export function expectationPorts(x: Expectation): string {
  return x.port === x.portEnd ? String(x.port) : `${x.port}-${x.portEnd}`;
}
