import type { Expectation, FlowCounts } from '../verify/scenario.js';
import type { PolicyFlow } from '../symbolic/policy.js';
import type { Decided } from '../sim/engine.js';
import type { TraceResult } from '../sim/types.js';
import { MAX_TRACED_FAILURES } from '../model/index.js';
import { formatPorts } from '../net/index.js';

/** Whether a failure carries its hop-by-hop trace (the first MAX_TRACED_FAILURES of a run do). */
export function isTraced(r: TraceResult | Decided): r is TraceResult {
  return 'traces' in r;
}

/** What a report says of a failure past the first MAX_TRACED_FAILURES, which carries its decision but no trace. */
export function untracedNote(flow: PolicyFlow, model: string | null): string {
  return `(not traced: a run traces its first ${MAX_TRACED_FAILURES.toLocaleString('en-US')} failures; vpcreach trace ${model ?? '<model>'} --from ${flow.from} --to ${flow.to} --port ${flow.port}${flow.protocol === 'tcp' ? '' : ` --protocol ${flow.protocol}`}${flow.srcPort === undefined ? '' : ` --src-port ${flow.srcPort}`}${flow.icmpCode === undefined ? '' : ` --icmp-code ${flow.icmpCode}`} explains this one)`;
}

/** An expectation's ports: "80", "6000-7000", or "80,443,8000-8100". */
function expectationPorts(x: Expectation): string {
  return formatPorts(x.ports);
}

/**
 * An expectation's flows in one line: "ecs-client → ep-web tcp/8080", its source port after the source and its ICMP
 * code after the types ("icmp/3 code 4") when it names them.
 */
export function expectationFlow(x: Expectation, arrow = '→'): string {
  const code = x.icmpCode === null ? '' : ` code ${x.icmpCode}`;
  return `${x.from}${x.srcPort === null ? '' : `:${x.srcPort}`} ${arrow} ${x.to} ${x.protocol}/${expectationPorts(x)}${code}`;
}

/** How many flows a set expectation covered: "24 flows (12 sources × 2 destinations × 1 port)". */
export function flowCounts(n: FlowCounts): string {
  return `${count(n.flows, 'flow')} (${count(n.sources, 'source')} × ${count(n.destinations, 'destination')} × ${count(n.ports, 'port')})`;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** A flow's source as a trace prints it: its address, and its source port when the flow has one. */
export function flowSource(v: { readonly src: string; readonly srcPort?: number }): string {
  return v.srcPort === undefined ? v.src : `${v.src}:${v.srcPort}`;
}

/**
 * A flow's destination in words: "10.0.1.5:8080", or "10.0.1.5 type 8" for ICMP (whose port is its type), with its code
 * when it has one ("10.0.1.5 type 3 code 4").
 */
export function flowTarget(v: { readonly protocol: string; readonly dst: string; readonly dstPort: number; readonly icmpCode?: number }): string {
  return v.protocol === 'icmp' ? `${v.dst} type ${v.dstPort}${v.icmpCode === undefined ? '' : ` code ${v.icmpCode}`}` : `${v.dst}:${v.dstPort}`;
}
