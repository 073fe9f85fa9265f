import { dirname, resolve } from 'node:path';
import { collectScenarioFiles, displayPath, loadModel, readSource, type InputLimits, type LoadResult } from '../load/index.js';
import { scenarioSchema } from '../load/scenario-schema.js';

export { scenarioSchema, collectScenarioFiles };
import { zodDiagnostics } from '../load/zod-diagnostics.js';
import { didYouMean } from '../load/suggest.js';
import { parsePort } from '../net/index.js';
import { sortDiagnostics, type Diagnostic, type SourceLocation } from '../model/index.js';
import { Simulator, describeQueryError } from '../sim/engine.js';
import { DISPOSITION_CODES, isDispositionCode, type DispositionCode } from '../sim/dispositions.js';
import type { TraceResult, Verdict } from '../sim/types.js';

/** One reachability expectation from a scenario file. */
export interface Expectation {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: 'tcp' | 'udp';
  readonly expect: Verdict;
  readonly code: DispositionCode | null;
  readonly loc: SourceLocation;
}

/** The outcome of one expectation. */
export type ExpectationResult =
  | { readonly status: 'pass'; readonly expectation: Expectation; readonly result: TraceResult }
  | { readonly status: 'fail'; readonly expectation: Expectation; readonly result: TraceResult; readonly reason: string }
  | { readonly status: 'error'; readonly expectation: Expectation; readonly code: 'invalid-expectation'; readonly message: string };

/** The outcome of one scenario file. */
export interface ScenarioResult {
  readonly file: string;
  /** The model file, resolved relative to the scenario. */
  readonly model: string | null;
  /** Problems in the scenario or its model; when any is an error, no expectation ran. */
  readonly diagnostics: readonly Diagnostic[];
  readonly expectations: readonly ExpectationResult[];
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
export function* checkSteps(paths: readonly string[], options: { limits?: Partial<InputLimits> } = {}): Generator<string, CheckResult, void> {
  const { files, usage } = collectScenarioFiles(paths);
  const models = new Map<string, { load: LoadResult; sim: Simulator | null }>();
  const scenarios: ScenarioResult[] = [];
  for (const f of files) {
    scenarios.push(runScenario(f, models, options.limits ?? {}));
    yield f;
  }
  let passed = 0;
  let failed = 0;
  let errors = 0;
  for (const s of scenarios) {
    if (s.diagnostics.some((d) => d.severity === 'error')) errors++;
    for (const e of s.expectations) {
      if (e.status === 'pass') passed++;
      else if (e.status === 'fail') failed++;
      else errors++;
    }
  }
  return { scenarios, passed, failed, errors, usage };
}

function runScenario(file: string, models: Map<string, { load: LoadResult; sim: Simulator | null }>, limits: Partial<InputLimits>): ScenarioResult {
  const source = readSource(file, limits);
  if (source.data === undefined) return { file, model: null, diagnostics: source.diagnostics, expectations: [] };
  const parsed = scenarioSchema.safeParse(source.data);
  if (!parsed.success) {
    return { file, model: null, diagnostics: sortDiagnostics(zodDiagnostics(parsed.error.issues, scenarioSchema, source)), expectations: [] };
  }
  const diagnostics: Diagnostic[] = [];
  const expectations: Expectation[] = [];
  parsed.data.expectations.forEach((e, i) => {
    const path = ['expectations', i];
    const port = parsePort(e.port);
    let ok = true;
    if (!port.ok) {
      diagnostics.push({
        code: 'invalid-port',
        severity: 'error',
        message: port.message,
        location: source.locate([...path, 'port']),
        ...(port.hint ? { hint: port.hint } : {}),
      });
      ok = false;
    }
    if (e.code !== undefined && !isDispositionCode(e.code)) {
      diagnostics.push({
        code: 'unknown-disposition',
        severity: 'error',
        message: `"${e.code}" is not a disposition code`,
        location: source.locate([...path, 'code']),
        hint: didYouMean(e.code, DISPOSITION_CODES) ?? 'see docs/dispositions.md',
      });
      ok = false;
    }
    if (e.code === 'DELIVERED' && e.expect !== 'reachable') {
      diagnostics.push({
        code: 'contradictory-expectation',
        severity: 'error',
        message: `code DELIVERED goes only with expect: reachable, not ${e.expect}`,
        location: source.locate([...path, 'code']),
      });
      ok = false;
    }
    if (ok && port.ok) {
      expectations.push({
        name: e.name,
        from: e.from,
        to: e.to,
        port: port.value,
        protocol: e.protocol ?? 'tcp',
        expect: e.expect,
        code: (e.code as DispositionCode | undefined) ?? null,
        loc: source.locate(path),
      });
    }
  });
  const modelPath = resolve(dirname(file), parsed.data.model);
  const shownModel = displayPath(modelPath);
  if (modelPath === resolve(file)) {
    diagnostics.push({
      code: 'self-reference',
      severity: 'error',
      message: `the scenario names itself as its model`,
      location: source.locate(['model']),
      hint: 'model: is the path of the network model file, relative to this scenario',
    });
    return { file, model: null, diagnostics: sortDiagnostics(diagnostics), expectations: [] };
  }
  let entry = models.get(modelPath);
  if (!entry) {
    const load = loadModel(shownModel, limits);
    entry = { load, sim: load.model ? new Simulator(load.model) : null };
    models.set(modelPath, entry);
    // A valid model's warnings are reported once, with the first scenario that uses it.
    if (load.model) diagnostics.push(...load.diagnostics);
  }
  if (!entry.sim) {
    diagnostics.push({
      code: 'invalid-model',
      severity: 'error',
      message: entry.load.unreadable
        ? `model ${shownModel} cannot be read`
        : `model ${shownModel} is invalid (${entry.load.diagnostics.filter((d) => d.severity === 'error').length} error(s)); no expectation was run`,
      location: source.locate(['model']),
      hint: entry.load.unreadable ? 'the model path is relative to the scenario file' : `run: vpcreach validate ${shownModel}`,
    });
    return { file, model: shownModel, diagnostics: sortDiagnostics([...diagnostics, ...entry.load.diagnostics]), expectations: [] };
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { file, model: shownModel, diagnostics: sortDiagnostics(diagnostics), expectations: [] };
  const sim = entry.sim;
  const results = expectations.map((x): ExpectationResult => {
    const out = sim.trace({ from: x.from, to: x.to, port: x.port, protocol: x.protocol });
    if (!out.ok)
      return {
        status: 'error',
        expectation: x,
        code: 'invalid-expectation',
        message: describeQueryError(out.error),
      };
    const r = out.result;
    if (r.verdict !== x.expect) return { status: 'fail', expectation: x, result: r, reason: `expected ${x.expect}, got ${r.verdict} (${r.code} at ${r.at})` };
    if (x.code !== null && r.code !== x.code) return { status: 'fail', expectation: x, result: r, reason: `expected code ${x.code}, got ${r.code} at ${r.at}` };
    return { status: 'pass', expectation: x, result: r };
  });
  return { file, model: shownModel, diagnostics: sortDiagnostics(diagnostics), expectations: results };
}
