/**
 * vitest matchers for reachability: `import 'vpcreach/vitest'` once (e.g. in a setup file or at the top of a test).
 *
 *   expect(model).toReach({ from: 'ecs-client', to: 'ep-web', port: 8080 });
 *   expect(model).not.toReach({ from: 'ecs-client', to: 'ep-web', port: 22 });
 *   expect(model).toReachWith({ from: 'ecs-client', to: 'ep-web', port: 8080 }, 'partial');
 *   expect(model).toReachWith({ from: 'ecs-client', to: 'ep-api', port: 80 }, 'SG_INGRESS_DENIED');
 *
 * The subject is a loaded Model or the path of a model file. A failing matcher prints the trace that
 * contradicts the expectation.
 */
import { expect } from 'vitest';
import { loadModel } from './load/index.js';
import type { Model } from './model/index.js';
import { Simulator, describeQueryError } from './sim/engine.js';
import { isDispositionCode, type DispositionCode } from './sim/dispositions.js';
import type { TraceQuery, TraceResult, Verdict } from './sim/types.js';
import { formatDiagnostic, formatTrace } from './report/text.js';

/** A model, or the path of a model file. */
export type ReachSubject = Model | string;

const simulators = new WeakMap<Model, Simulator>();
const byPath = new Map<string, Simulator>();

function simulatorFor(subject: unknown, matcher: string): Simulator {
  if (typeof subject === 'string') {
    let sim = byPath.get(subject);
    if (!sim) {
      const r = loadModel(subject);
      if (!r.model) throw new Error(`${matcher}: ${subject} is not a valid model:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
      sim = new Simulator(r.model);
      byPath.set(subject, sim);
    }
    return sim;
  }
  if (subject === null || typeof subject !== 'object' || !('endpoints' in subject) || !('resources' in subject)) {
    throw new Error(`${matcher}: expected a vpcreach Model or the path of a model file`);
  }
  const model = subject as Model;
  let sim = simulators.get(model);
  if (!sim) simulators.set(model, (sim = new Simulator(model)));
  return sim;
}

function run(subject: unknown, query: TraceQuery, matcher: string): TraceResult {
  const out = simulatorFor(subject, matcher).trace(query);
  if (!out.ok) throw new Error(`${matcher}: ${describeQueryError(out.error)}`);
  return out.result;
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
});

/** The matchers vpcreach adds to vitest's `expect`. */
export interface ReachMatchers<R = unknown> {
  /** The flow is reachable (every path delivers). */
  toReach(query: TraceQuery): R;
  /** The flow's verdict is `expected` (reachable, unreachable, partial), or its disposition code is. */
  toReachWith(query: TraceQuery, expected: Verdict | DispositionCode): R;
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
