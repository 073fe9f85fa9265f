import { dirname, relative, resolve } from 'node:path';
import {
  collectScenarioFiles,
  displayPath,
  LIMITS,
  documentKind,
  loadModel,
  readSource,
  similarFile,
  type InputLimits,
  type LoadResult,
} from '../load/index.js';
import { expectationSchema, scenarioSchema, scenarioShellSchema } from '../load/scenario-schema.js';
import { safeParse, zodDiagnostics } from '../load/zod-diagnostics.js';
import {
  countDiagnostics,
  DiagnosticBag,
  MAX_TRACED_FAILURES,
  plural,
  pushAll,
  sortDiagnostics,
  type Diagnostic,
  type SourceLocation,
} from '../model/index.js';
import type { FlowProtocol, PortRange } from '../net/index.js';
import { Simulator, type Decided } from '../sim/engine.js';
import type { DispositionCode } from '../sim/dispositions.js';
import type { TraceResult } from '../sim/types.js';
import { policyDestinations, policySources, type PolicyExpect, type PolicyFlow, type PolicyOutcome } from '../symbolic/policy.js';
import { parseExpectation, runExpectation } from './expectation.js';

export { scenarioSchema };

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
  readonly protocol: FlowProtocol;
  /** The clients' source port, or null for any port a client picks. */
  readonly srcPort: number | null;
  /** The flows' ICMP code, when the expectation names one (icmp); null: any each type defines. */
  readonly icmpCode: number | null;
  readonly expect: PolicyExpect;
  /** The codes any of which the flow may end with, or null for any code. */
  readonly codes: readonly DispositionCode[] | null;
  /** The expectation's `description`, or null. */
  readonly description: string | null;
  readonly loc: SourceLocation;
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
  const parsed = safeParse(scenarioShellSchema, source.data);
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
    const item = safeParse(expectationSchema, raw);
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
    entry = { load, sim: load.ok ? new Simulator(load.value) : null };
    models.set(modelPath, entry);
    // A valid model's warnings are reported once, with the first scenario that uses it.
    if (load.ok) pushAll(diagnostics, load.diagnostics);
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
      message:
        !entry.load.ok && entry.load.error === 'unreadable'
          ? `model ${shownModel} cannot be read`
          : `model ${shownModel} is invalid (${plural(errors, 'error')}); no expectation was run`,
      location: modelAt,
      hint: !entry.load.ok && entry.load.error === 'unreadable' ? 'the model path is relative to the scenario file' : `run: vpcreach validate ${shownModel}`,
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
