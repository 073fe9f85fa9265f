// One expectation of a scenario: read from its file, answered by the engine, and why it failed.
import type { expectationSchema } from '../load/scenario-schema.js';
import { didYouMean, type Diagnostic, type SourceLocation } from '../model/index.js';
import { parsePortsOf } from '../net/index.js';
import { Simulator, describeQueryError, icmpCodeError, sourcePortError, type Decided } from '../sim/engine.js';
import { DISPOSITION_CODES, isDispositionCode, type DispositionCode } from '../sim/dispositions.js';
import type { TraceResult } from '../sim/types.js';
import { checkPolicy, type PolicyFlow } from '../symbolic/policy.js';
import type { Expectation, FlowCounts, ExpectationResult } from './scenario.js';

/** "NO_ROUTE" or "NO_ROUTE or SG_EGRESS_DENIED". */
function expectedCodes(x: Expectation): string {
  return (x.codes ?? []).join(' or ');
}

/** Checks the values of one structurally valid expectation; returns it, or undefined after reporting why not. */
export function parseExpectation(
  e: ReturnType<typeof expectationSchema.parse>,
  path: (string | number)[],
  source: { locate(path: (string | number)[], key?: boolean): SourceLocation },
  diagnostics: { push(d: Diagnostic): unknown },
): Expectation | undefined {
  let ok = true;
  const ports = parsePortsOf(e.protocol ?? 'tcp', e.port);
  if (!ports.ok) {
    diagnostics.push({
      code: ports.error.code ?? 'invalid-port',
      severity: 'error',
      message: ports.error.message,
      location: source.locate(ports.index === undefined ? [...path, 'port'] : [...path, 'port', ports.index]),
      ...(ports.error.hint ? { hint: ports.error.hint } : {}),
    });
    ok = false;
  }
  const badPort = e.srcPort === undefined ? null : sourcePortError(e.srcPort, e.protocol ?? 'tcp');
  if (badPort) {
    diagnostics.push({ code: 'invalid-port', severity: 'error', message: badPort.message, location: source.locate([...path, 'srcPort']), hint: badPort.hint! });
    ok = false;
  }
  const badCode = e.icmpCode === undefined ? null : icmpCodeError(e.icmpCode, e.protocol ?? 'tcp');
  if (badCode) {
    diagnostics.push({
      code: 'invalid-icmp-code',
      severity: 'error',
      message: badCode.message,
      location: source.locate([...path, 'icmpCode']),
      hint: badCode.hint!,
    });
    ok = false;
  }
  const listed = e.code === undefined ? null : Array.isArray(e.code) ? e.code : [e.code];
  (listed ?? []).forEach((code, j) => {
    if (isDispositionCode(code)) return;
    diagnostics.push({
      code: 'unknown-disposition',
      severity: 'error',
      message: `"${code}" is not a disposition code`,
      location: source.locate(Array.isArray(e.code) ? [...path, 'code', j] : [...path, 'code']),
      hint: didYouMean(code, DISPOSITION_CODES) ?? 'see docs/dispositions.md',
    });
    ok = false;
  });
  if (listed !== null && e.expect === 'some') {
    diagnostics.push({
      code: 'contradictory-expectation',
      severity: 'error',
      message: 'expect: some asks only that some flow is delivered; it takes no code',
      location: source.locate([...path, 'code']),
      hint: 'drop code, or expect reachable, unreachable or partial of every flow',
    });
    ok = false;
  } else if (listed?.includes('DELIVERED') && e.expect !== 'reachable') {
    diagnostics.push({
      code: 'contradictory-expectation',
      severity: 'error',
      message: `code DELIVERED goes only with expect: reachable, not ${e.expect}`,
      location: source.locate([...path, 'code']),
    });
    ok = false;
  }
  if (!ok || !ports.ok) return undefined;
  return {
    name: e.name,
    from: e.from,
    to: e.to,
    port: ports.value[0]!.lo,
    portEnd: ports.value[0]!.hi,
    ports: ports.value,
    protocol: e.protocol ?? 'tcp',
    srcPort: e.srcPort ?? null,
    icmpCode: e.icmpCode ?? null,
    expect: e.expect,
    codes: listed as DispositionCode[] | null,
    description: e.description ?? null,
    loc: source.locate(path),
  };
}

/**
 * Runs one expectation: every flow of its set (every source instance, destination and port) must end as expected —
 * or, for `some`, one must be delivered. Flows are decided by class (symbolic/policy.ts) with decision-only queries;
 * only the counterexample is traced hop by hop, so a passing expectation keeps no trace.
 */
export function runExpectation(sim: Simulator, x: Expectation, budget: { traces: number }): ExpectationResult {
  const outcome = checkPolicy(sim, {
    from: x.from,
    to: x.to,
    ports: x.ports,
    protocol: x.protocol,
    expect: x.expect,
    codes: x.codes,
    ...(x.srcPort !== null ? { srcPort: x.srcPort } : {}),
    ...(x.icmpCode !== null ? { icmpCode: x.icmpCode } : {}),
  });
  if (!outcome.ok) return { status: 'error', expectation: x, code: 'invalid-expectation', message: describeQueryError(outcome.error) };
  const { holds, first, counterexample, ...rest } = outcome.value;
  const flows: FlowCounts = {
    set: rest.set,
    sources: rest.sources,
    destinations: rest.destinations,
    ports: rest.ports,
    flows: rest.flows,
    failing: rest.failing,
  };
  if (holds || !counterexample) return { status: 'pass', expectation: x, result: first.result, flows, flow: first.flow };
  const flow = counterexample.flow;
  let r: TraceResult | Decided = counterexample.result;
  if (budget.traces > 0) {
    const out = sim.trace(flow);
    if (!out.ok) return { status: 'error', expectation: x, code: 'invalid-expectation', message: describeQueryError(out.error) };
    budget.traces--;
    r = out.value;
  }
  return { status: 'fail', expectation: x, result: r, reason: failureReason(x, flows, flow, r), counterexample: flow, flows };
}

/** Why an expectation failed, naming its counterexample flow when the expectation covers more than one. */
function failureReason(x: Expectation, n: FlowCounts, flow: PolicyFlow, r: Decided): string {
  const got = `${r.verdict} (${r.code} at ${r.at})`;
  if (x.expect === 'some') {
    const which = n.flows === 1 ? 'the flow is not delivered' : `none of the ${n.flows.toLocaleString('en-US')} flows is delivered`;
    return `expected some flow delivered: ${which}; ${flow.from} → ${flow.to} port ${flow.port} is ${got}`;
  }
  const wrong = r.verdict !== x.expect ? `expected ${x.expect}, got ${got}` : `expected code ${expectedCodes(x)}, got ${r.code} at ${r.at}`;
  if (!n.set) return `${n.ports > 1 ? `port ${flow.port}: ` : ''}${wrong}`;
  const share = `${n.failing.toLocaleString('en-US')} of ${n.flows.toLocaleString('en-US')} flows fail`;
  return `${flow.from} → ${flow.to} port ${flow.port}: ${wrong}; ${share}`;
}
