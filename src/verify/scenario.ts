import { dirname, relative, resolve } from 'node:path';
import {
  collectScenarioFiles,
  displayPath,
  LIMITS,
  documentKind,
  expectationSchema,
  loadModel,
  readSource,
  similarFile,
  scenarioSchema,
  scenarioShellSchema,
  type InputLimits,
  type LoadResult,
} from '../load/index.js';

export { scenarioSchema };
import { zodDiagnostics } from '../load/zod-diagnostics.js';
import { countDiagnostics, DiagnosticBag, MAX_TRACED_FAILURES, didYouMean, plural, pushAll } from '../model/index.js';
import { parsePortList, type PortRange } from '../net/index.js';
import { sortDiagnostics, type Diagnostic, type SourceLocation } from '../model/index.js';
import { Simulator, describeQueryError, type Decided } from '../sim/engine.js';
import { DISPOSITION_CODES, isDispositionCode, type DispositionCode } from '../sim/dispositions.js';
import type { TraceResult } from '../sim/types.js';
import { checkPolicy, policyDestinations, policySources, type PolicyExpect, type PolicyFlow, type PolicyOutcome } from '../symbolic/policy.js';

/** One reachability expectation from a scenario file. */
export interface Expectation {
  readonly name: string;
  /** An instance, or a set of them: a subnet, VPC, security group or account. */
  readonly from: string;
  /** An endpoint, instance or load balancer, an IPv4 address, or a set: a subnet, VPC or CIDR block. */
  readonly to: string;
  /** The lowest port. */
  readonly port: number;
  /** The highest port of the first range of `ports` (equal to `port` for one port). */
  readonly portEnd: number;
  /** Every port the expectation covers: sorted, merged ranges. */
  readonly ports: readonly PortRange[];
  readonly protocol: 'tcp' | 'udp';
  readonly expect: PolicyExpect;
  /** The codes any of which the flow may end with, or null for any code. */
  readonly codes: readonly DispositionCode[] | null;
  /** The expectation's `description`, or null. */
  readonly description: string | null;
  readonly loc: SourceLocation;
}

/** "NO_ROUTE" or "NO_ROUTE or SG_EGRESS_DENIED". */
function expectedCodes(x: Expectation): string {
  return (x.codes ?? []).join(' or ');
}

/** How many flows an expectation covered, and how many of them did not meet it. */
export type FlowCounts = Omit<PolicyOutcome, 'holds' | 'first' | 'counterexample'>;

/** The outcome of one expectation. */
export type ExpectationResult =
  /**
   * A pass keeps the decision (verdict, code, where) of the first flow of its set, not the hop-by-hop trace:
   * `vpcreach trace` gives that.
   */
  | { readonly status: 'pass'; readonly expectation: Expectation; readonly result: Decided; readonly flows: FlowCounts; readonly flow: PolicyFlow }
  /**
   * A failure carries its counterexample flow and the flow's hop-by-hop trace, for the first MAX_TRACED_FAILURES
   * failures of a run; later ones carry the decision only (see isTraced), so memory does not grow with the number of
   * failures.
   */
  | {
      readonly status: 'fail';
      readonly expectation: Expectation;
      readonly result: TraceResult | Decided;
      readonly reason: string;
      readonly counterexample: PolicyFlow;
      readonly flows: FlowCounts;
    }
  | { readonly status: 'error'; readonly expectation: Expectation; readonly code: 'invalid-expectation'; readonly message: string };

/** Whether a result carries its hop-by-hop trace. */
export function isTraced(r: TraceResult | Decided): r is TraceResult {
  return 'traces' in r;
}

/** The outcome of one scenario file. */
export interface ScenarioResult {
  readonly file: string;
  /** The model file, resolved relative to the scenario. */
  readonly model: string | null;
  /** Problems in the scenario or its model; when any is an error, no expectation ran. */
  readonly diagnostics: readonly Diagnostic[];
  readonly expectations: readonly ExpectationResult[];
  /** Expectations that were read but not run, because the scenario or its model has an error. */
  readonly notRun: readonly Expectation[];
}

/** A model a run loaded, by its absolute path: the load, and its simulator when it is valid. */
export interface LoadedModel {
  readonly load: LoadResult;
  readonly sim: Simulator | null;
}

/** The outcome of a `check` run. */
export interface CheckResult {
  readonly scenarios: readonly ScenarioResult[];
  readonly passed: number;
  readonly failed: number;
  /** Expectations that could not run, plus scenario files with input errors. */
  readonly errors: number;
  /** Usage problems (a path that does not exist, a directory with no scenarios). */
  readonly usage: readonly string[];
  /** Model files found in a searched directory and skipped: they are not scenarios. */
  readonly skipped: readonly string[];
}

/** Runs scenario files. Models are loaded once each. Never throws for bad input. */
export function check(paths: readonly string[], options: { limits?: Partial<InputLimits> } = {}): CheckResult {
  const steps = checkSteps(paths, options);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * The same as `check`, one scenario file per step: a caller can yield to the event loop between steps
 * (the CLI does, so that Ctrl-C is honoured promptly on long runs).
 */
export function* checkSteps(
  paths: readonly string[],
  options: { limits?: Partial<InputLimits>; models?: Map<string, LoadedModel> } = {},
): Generator<string, CheckResult, void> {
  const { files, usage, found } = collectScenarioFiles(paths);
  const skipped: string[] = [];
  let other = 0;
  const models = options.models ?? new Map<string, LoadedModel>();
  const scenarios: ScenarioResult[] = [];
  const budget = { traces: MAX_TRACED_FAILURES };
  for (const f of files) {
    const r = runScenario(f, models, options.limits ?? {}, found.has(f), budget);
    // A model found while searching a directory (check .) is skipped, not an error; a model named as a scenario is.
    if (r === 'unknown') other++;
    else if (r === 'model' && found.has(f)) skipped.push(f);
    else if (r === 'model') {
      const location = { file: f, path: '', line: 0, column: 0 };
      scenarios.push({
        file: f,
        model: null,
        diagnostics: [
          { code: 'not-a-scenario', severity: 'error', message: `${f} is a model, not a scenario`, location, hint: `check it with: vpcreach validate ${f}` },
        ],
        expectations: [],
        notRun: [],
      });
    } else scenarios.push(r);
    yield f;
  }
  let passed = 0;
  let failed = 0;
  let errors = 0;
  for (const s of scenarios) {
    // Every error counts, as in every report format: each error diagnostic and each expectation that could not run.
    errors += countDiagnostics(s.diagnostics, 'error');
    for (const e of s.expectations) {
      if (e.status === 'pass') passed++;
      else if (e.status === 'fail') failed++;
      else errors++;
    }
  }
  if (other > 0) usage.push(`skipped ${plural(other, 'file')} found in ${paths.join(', ')} that ${other === 1 ? 'is' : 'are'} neither a scenario nor a model`);
  if (scenarios.length === 0 && skipped.length > 0) {
    usage.push(`no scenario files in ${paths.join(', ')}: only models (${plural(skipped.length, 'file')} skipped); name the scenario directory`);
  }
  return { scenarios, passed, failed, errors, usage, skipped };
}

function readScenario(file: string, limits: Partial<InputLimits>, foundInDirectory: boolean): ScenarioResult | ReadScenario | 'model' | 'unknown' {
  const source = readSource(file, limits);
  if (source.data === undefined) return { file, model: null, diagnostics: source.diagnostics, expectations: [], notRun: [] };
  const kind = documentKind(source.data);
  if (kind === 'model') return kind;
  // A file that is neither kind is skipped when a directory search found it; named, it is checked as a scenario.
  if (kind === 'unknown' && foundInDirectory) return kind;
  const parsed = scenarioShellSchema.safeParse(source.data);
  if (!parsed.success) {
    return { file, model: null, diagnostics: sortDiagnostics(zodDiagnostics(parsed.error.issues, scenarioSchema, source)), expectations: [], notRun: [] };
  }
  const diagnostics = new DiagnosticBag();
  const expectations: Expectation[] = [];
  if (parsed.data.expectations.length > LIMITS.maxExpectations) {
    const n = parsed.data.expectations.length;
    const message = `expectations has ${n.toLocaleString('en-US')} entries, more than the limit of ${LIMITS.maxExpectations.toLocaleString('en-US')}`;
    return {
      file,
      model: null,
      diagnostics: [{ code: 'too-many-items', severity: 'error', message, location: source.locate(['expectations']), hint: 'split the scenario file' }],
      expectations: [],
      notRun: [],
    };
  }
  // Each expectation is checked on its own: one broken item does not hide the problems of the others.
  parsed.data.expectations.forEach((raw, i) => {
    const path = ['expectations', i];
    const item = expectationSchema.safeParse(raw);
    if (!item.success) {
      const issues = item.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] }));
      for (const d of zodDiagnostics(issues, scenarioSchema, source)) diagnostics.push(d);
      return;
    }
    const x = parseExpectation(item.data, path, source, diagnostics);
    if (x) expectations.push(x);
  });
  return { diagnostics, expectations, model: parsed.data.model, modelAt: source.locate(['model']) };
}

/** A scenario file as read: its expectations and what is needed of the file afterwards (not the parsed file itself). */
interface ReadScenario {
  readonly diagnostics: DiagnosticBag;
  readonly expectations: Expectation[];
  /** The model: path as written, and where it is written. */
  readonly model: string;
  readonly modelAt: SourceLocation;
}

function runScenario(
  file: string,
  models: Map<string, LoadedModel>,
  limits: Partial<InputLimits>,
  foundInDirectory: boolean,
  budget: { traces: number },
): ScenarioResult | 'model' | 'unknown' {
  // Reading is a function of its own so that the parsed file (for YAML, a node per value) is garbage before any
  // expectation runs.
  const read = readScenario(file, limits, foundInDirectory);
  if (typeof read === 'string' || !('modelAt' in read)) return read;
  const { expectations, modelAt } = read;
  const diagnostics = read.diagnostics.list();
  const modelPath = resolve(dirname(file), read.model);
  const shownModel = displayPath(modelPath);
  if (modelPath === resolve(file)) {
    diagnostics.push({
      code: 'self-reference',
      severity: 'error',
      message: `the scenario names itself as its model`,
      location: modelAt,
      hint: 'model: is the path of the network model file, relative to this scenario',
    });
    return { file, model: null, diagnostics: sortDiagnostics(diagnostics), expectations: [], notRun: expectations };
  }
  let entry = models.get(modelPath);
  if (!entry) {
    const load = loadModel(shownModel, limits);
    entry = { load, sim: load.model ? new Simulator(load.model) : null };
    models.set(modelPath, entry);
    // A valid model's warnings are reported once, with the first scenario that uses it.
    if (load.model) pushAll(diagnostics, load.diagnostics);
  }
  if (!entry.sim) {
    const missing = entry.load.diagnostics.some((d) => d.code === 'file-not-found');
    if (missing) {
      // One message, at the scenario's model: line: the path is the scenario's, relative to the scenario file.
      const near = similarFile(modelPath);
      diagnostics.push({
        code: 'invalid-model',
        severity: 'error',
        message: `model ${read.model} does not exist: the path is relative to this scenario file, so it names ${shownModel}`,
        location: modelAt,
        hint: near ? `did you mean ${relative(dirname(file), near)}?` : 'model: is the path of the network model file, relative to this scenario file',
      });
      return { file, model: shownModel, diagnostics: sortDiagnostics(diagnostics), expectations: [], notRun: expectations };
    }
    const errors = entry.load.diagnostics.filter((d) => d.severity === 'error').length;
    diagnostics.push({
      code: 'invalid-model',
      severity: 'error',
      message: entry.load.unreadable
        ? `model ${shownModel} cannot be read`
        : `model ${shownModel} is invalid (${plural(errors, 'error')}); no expectation was run`,
      location: modelAt,
      hint: entry.load.unreadable ? 'the model path is relative to the scenario file' : `run: vpcreach validate ${shownModel}`,
    });
    return { file, model: shownModel, diagnostics: sortDiagnostics([...diagnostics, ...entry.load.diagnostics]), expectations: [], notRun: expectations };
  }
  if (diagnostics.some((d) => d.severity === 'error')) {
    // Nothing runs, but every problem is reported in this one run: the ids and sets of the expectations that did
    // parse are looked up in the model too, as running them would.
    for (const x of expectations) {
      const src = policySources(entry.sim.model, x.from);
      const dst = policyDestinations(entry.sim.model, x.to);
      for (const r of [src, dst]) {
        if (r.ok) continue;
        diagnostics.push({
          code: 'invalid-expectation',
          severity: 'error',
          message: `${x.name}: ${r.error.field}: ${r.error.message}`,
          location: x.loc,
          ...(r.error.hint ? { hint: r.error.hint } : {}),
        });
      }
    }
    return { file, model: shownModel, diagnostics: sortDiagnostics(diagnostics), expectations: [], notRun: expectations };
  }
  const sim = entry.sim;
  const results = expectations.map((x) => runExpectation(sim, x, budget));
  return { file, model: shownModel, diagnostics: sortDiagnostics(diagnostics), expectations: results, notRun: [] };
}

/** Checks the values of one structurally valid expectation; returns it, or undefined after reporting why not. */
function parseExpectation(
  e: ReturnType<typeof expectationSchema.parse>,
  path: (string | number)[],
  source: { locate(path: (string | number)[], key?: boolean): SourceLocation },
  diagnostics: { push(d: Diagnostic): unknown },
): Expectation | undefined {
  let ok = true;
  const ports = parsePortList(e.port);
  if (!ports.ok) {
    diagnostics.push({
      code: ports.code ?? 'invalid-port',
      severity: 'error',
      message: ports.message,
      location: source.locate(ports.index === undefined ? [...path, 'port'] : [...path, 'port', ports.index]),
      ...(ports.hint ? { hint: ports.hint } : {}),
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
function runExpectation(sim: Simulator, x: Expectation, budget: { traces: number }): ExpectationResult {
  const outcome = checkPolicy(sim, { from: x.from, to: x.to, ports: x.ports, protocol: x.protocol, expect: x.expect, codes: x.codes });
  if (!outcome.ok) return { status: 'error', expectation: x, code: 'invalid-expectation', message: describeQueryError(outcome.error) };
  const { holds, first, counterexample, ...rest } = outcome.result;
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
    r = out.result;
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
