/**
 * vitest matchers for reachability: `import 'vpcreach/vitest'` once (e.g. in a setup file or at the top of a test).
 *
 *   expect(model).toReach({ from: 'ecs-client', to: 'ep-web', port: 8080 });
 *   expect(model).not.toReach({ from: 'ecs-client', to: 'ep-web', port: 22 });
 *   expect(model).toReachWith({ from: 'ecs-client', to: 'ep-web', port: 8080 }, 'partial');
 *   expect(model).toReachWith({ from: 'ecs-client', to: 'ep-api', port: 80 }, 'SG_INGRESS_DENIED');
 *   expect(model).toSatisfyPolicy({ from: 'vpc-c', to: '10.0.0.0/16', port: [22, 3389], expect: 'unreachable' });
 *
 * The subject is a loaded Model or the path of a model file. A failing matcher prints the trace that
 * contradicts the expectation.
 */
import { expect } from 'vitest';
import { loadModel, type LoadResult } from './load/index.js';
import { didYouMean, type Model } from './model/index.js';
import { Simulator, describeQueryError, describeValue, pickedValues } from './sim/engine.js';
import { isDispositionCode, type DispositionCode } from './sim/dispositions.js';
import type { TraceQuery, TraceResult, Verdict } from './sim/types.js';
import { formatDiagnostic, formatTrace } from './report/text.js';
import { parsePortsOf, type FlowProtocol } from './net/index.js';
import { POLICY_EXPECTS, checkPolicy, type PolicyExpect } from './symbolic/policy.js';

/** A policy as a scenario writes it: sets at either end, a port, range or list, and what every flow must do. */
export interface Policy {
  readonly from: string;
  readonly to: string;
  readonly port: number | string | readonly (number | string)[];
  readonly protocol?: FlowProtocol;
  /** The clients' source port (tcp and udp); without it, any port a client picks. */
  readonly srcPort?: number;
  /** The flows' ICMP code (icmp); without it, any code each type defines. */
  readonly icmpCode?: number;
  readonly expect: PolicyExpect;
  /** Codes any of which every flow may end with (not with `some`). */
  readonly code?: DispositionCode | readonly DispositionCode[];
}

/** A model, a load result (`loadModel(file)`), or the path of a model file. */
export type ReachSubject = Model | LoadResult | string;

const simulators = new WeakMap<Model, Simulator>();
const byPath = new Map<string, Simulator>();

function simulatorFor(subject: unknown, matcher: string): Simulator {
  if (typeof subject === 'string') {
    let sim = byPath.get(subject);
    if (!sim) {
      const r = loadModel(subject);
      if (!r.ok) throw new Error(`${matcher}: ${subject} is not a valid model:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
      sim = new Simulator(r.value);
      byPath.set(subject, sim);
    }
    return sim;
  }
  if (subject !== null && typeof subject === 'object' && 'ok' in subject && 'diagnostics' in subject) {
    // A load result: its model, or the diagnostics that say why there is none.
    const r = subject as LoadResult;
    if (!r.ok) throw new Error(`${matcher}: ${r.file} is not a valid model:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
    return simulatorFor(r.value, matcher);
  }
  if (subject === null || typeof subject !== 'object' || !('endpoints' in subject) || !('resources' in subject)) {
    throw new Error(`${matcher}: expected a vpcreach Model, a load result or the path of a model file`);
  }
  const model = subject as Model;
  let sim = simulators.get(model);
  if (!sim) simulators.set(model, (sim = new Simulator(model)));
  return sim;
}

function run(subject: unknown, query: TraceQuery, matcher: string): TraceResult {
  const out = simulatorFor(subject, matcher).trace(query);
  if (!out.ok) throw new Error(`${matcher}: ${describeQueryError(out.error)}`);
  return out.value;
}

function describeFlow(q: TraceQuery): string {
  return `${q.from} → ${q.to} ${q.protocol ?? 'tcp'}/${q.port}`;
}

const VERDICTS: readonly string[] = ['reachable', 'unreachable', 'partial'];

expect.extend({
  toReach(received: unknown, query: TraceQuery) {
    const r = run(received, query, 'toReach');
    const pass = r.verdict === 'reachable';
    return {
      pass,
      message: () =>
        pass
          ? `expected ${describeFlow(query)} not to be reachable, but it is:\n\n${formatTrace(r)}`
          : `expected ${describeFlow(query)} to be reachable, but it is ${r.verdict} (${r.code} at ${r.at}):\n\n${formatTrace(r)}`,
      actual: `${r.verdict} ${r.code}`,
      expected: 'reachable',
    };
  },
  toReachWith(received: unknown, query: TraceQuery, expected: Verdict | DispositionCode) {
    if (!VERDICTS.includes(expected) && !isDispositionCode(expected)) {
      throw new Error(`toReachWith: "${String(expected)}" is neither a verdict (reachable, unreachable, partial) nor a disposition code`);
    }
    const r = run(received, query, 'toReachWith');
    const pass = VERDICTS.includes(expected) ? r.verdict === expected : r.code === expected;
    return {
      pass,
      message: () =>
        pass
          ? `expected ${describeFlow(query)} not to end with ${expected}, but it does (${r.verdict} ${r.code} at ${r.at}):\n\n${formatTrace(r)}`
          : `expected ${describeFlow(query)} to end with ${expected}, but it is ${r.verdict} (${r.code} at ${r.at}):\n\n${formatTrace(r)}`,
      actual: `${r.verdict} ${r.code}`,
      expected,
    };
  },
  toSatisfyPolicy(received: unknown, policy: Policy) {
    if (policy === null || typeof policy !== 'object')
      throw new Error('toSatisfyPolicy: a policy is an object { from, to, port, protocol?, srcPort?, icmpCode?, expect, code? }');
    const fields = ['from', 'to', 'port', 'protocol', 'srcPort', 'icmpCode', 'expect', 'code'];
    for (const k of Object.keys(policy)) {
      if (!fields.includes(k)) throw new Error(`toSatisfyPolicy: unknown field "${k}" (${didYouMean(k, fields) ?? `fields: ${fields.join(', ')}`})`);
    }
    if (!POLICY_EXPECTS.includes(policy.expect)) {
      const near = typeof policy.expect === 'string' ? didYouMean(policy.expect, POLICY_EXPECTS) : undefined;
      throw new Error(`toSatisfyPolicy: expect must be one of ${POLICY_EXPECTS.join(', ')}; got ${describeValue(policy.expect)}${near ? ` (${near})` : ''}`);
    }
    const sim = simulatorFor(received, 'toSatisfyPolicy');
    const ports = parsePortsOf(policy.protocol ?? 'tcp', policy.port);
    if (!ports.ok) throw new Error(`toSatisfyPolicy: port: ${ports.error.message}`);
    const codes = policy.code === undefined ? null : typeof policy.code === 'string' ? [policy.code] : [...policy.code];
    for (const c of codes ?? []) if (!isDispositionCode(c)) throw new Error(`toSatisfyPolicy: "${String(c)}" is not a disposition code`);
    const protocol = policy.protocol ?? 'tcp';
    const picked = pickedValues(policy);
    const r = checkPolicy(sim, { from: policy.from, to: policy.to, ports: ports.value, protocol, expect: policy.expect, codes, ...picked });
    if (!r.ok) throw new Error(`toSatisfyPolicy: ${describeQueryError(r.error)}`);
    const o = r.value;
    const what = `${policy.from} → ${policy.to} ${protocol}/${String(policy.port)} (${o.flows.toLocaleString('en-US')} flows)`;
    const shown = o.counterexample ?? o.first;
    const trace = (): string => {
      const t = sim.trace(shown.flow);
      return t.ok ? formatTrace(t.value) : '';
    };
    const at = (x: typeof shown) => `${x.flow.from} → ${x.flow.to} port ${x.flow.port}: ${x.result.verdict} (${x.result.code} at ${x.result.at})`;
    return {
      pass: o.holds,
      message: () =>
        o.holds
          ? `expected ${what} not to be ${policy.expect}, but it is; for example ${at(shown)}:\n\n${trace()}`
          : `expected ${what} to be ${policy.expect}${codes ? ` with ${codes.join(' or ')}` : ''}, but ${o.failing.toLocaleString('en-US')} of them ${o.failing === 1 ? 'is' : 'are'} not${policy.expect === 'some' ? ' delivered' : ''}; counterexample ${at(shown)}:\n\n${trace()}`,
      actual: `${o.failing} of ${o.flows} flows fail`,
      expected: policy.expect,
    };
  },
});

/** The matchers vpcreach adds to vitest's `expect`. */
export interface ReachMatchers<R = unknown> {
  /** The flow is reachable (every path delivers). */
  toReach(query: TraceQuery): R;
  /** The flow's verdict is `expected` (reachable, unreachable, partial), or its disposition code is. */
  toReachWith(query: TraceQuery, expected: Verdict | DispositionCode): R;
  /**
   * Every flow of the policy's set meets its expectation (`some`: at least one is delivered); a failure shows the
   * counterexample's trace.
   */
  toSatisfyPolicy(policy: Policy): R;
}

// The matchers are declared on vitest's global `jest.Matchers` (which every vitest Assertion extends) rather than by
// augmenting the module 'vitest': a module augmentation binds to the copy of vitest next to this file, which is not the
// consumer's when vpcreach is installed from a directory (npm install ../vpcreach, npm link). A global reaches every copy.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> extends ReachMatchers<R> {}
  }
}
