/**
 * vpcreach library API. Functions return plain result objects; they never print and never exit.
 */
import { loadModel, loadModelFromText, type LoadResult } from './load/index.js';
import { IncrementalAnalysis } from './symbolic/incremental.js';
import { buildOneSecurityGroup } from './load/model/one-group.js';

export { loadModel, loadModelFromText, loadPlanSides, LIMITS, DEFAULT_LIMITS } from './load/index.js';
export type { LoadResult, LoadFailure, InputLimits } from './load/index.js';
export * from './model/index.js';
export { Simulator, trace, type Decided } from './sim/engine.js';
export { DISPOSITIONS, DISPOSITION_CODES, isDispositionCode, type DispositionCode } from './sim/dispositions.js';
export type * from './sim/types.js';
export { check, checkSteps, isTraced, scenarioSchema } from './verify/scenario.js';
export { loadHelp } from './cli/help.js';
export { render, parseHelp, FORMATS, formatTrace, formatDiagnostic, type Format, type Report, type RenderOptions, type HelpCatalog } from './report/index.js';
export { modelJsonSchema, scenarioJsonSchema } from './load/json-schema.js';
export type { CheckResult, ScenarioResult, ExpectationResult, Expectation } from './verify/scenario.js';
export type { FlowCounts } from './verify/scenario.js';
// All flows at once: port classes, who reaches what, policies over sets, the matrix, and the diff of two models.
export { portClasses, reachersOf, reachedBy, type PortClass, type ClassGroup } from './symbolic/ports.js';
export { checkPolicy, policySources, policyDestinations, type PolicyQuery, type PolicyOutcome, type PolicyFlow, type PolicyExpect } from './symbolic/policy.js';
export { reachabilityMatrix, type Matrix, type MatrixBlock, type MatrixCell } from './symbolic/matrix.js';
export { lint, LINT_RULES, formatMessage, type LintFinding, type LintFix, type LintRule, type LintSeverity, type RuleSetting } from './lint/index.js';
export { diffModels, type ModelDiff, type FlowChange } from './symbolic/diff.js';
export { IncrementalAnalysis, type ModelChange, type StepOutcome, type IncrementalError, type GroupBuilder } from './symbolic/incremental.js';
export { generateTenant, formatTenant, TENANT_SIZES, type TenantSize, type TenantOptions } from './generate/tenant.js';
// Pictures: the topology and a traced flow's path (Mermaid, DOT, SVG), and the HTML report pages.
export {
  drawPicture,
  buildScene,
  markPath,
  toMermaid,
  toDot,
  toSvg,
  layoutScene,
  PICTURE_FORMATS,
  type PictureFormat,
  type PictureRequest,
  type PictureOutcome,
  type PictureError,
  type Scene,
  type PathMarks,
} from './report/picture/index.js';
export { htmlReport, htmlDiffReport, type DiffPageInput } from './report/html.js';
export { reportSteps, type ReportData } from './verify/report-data.js';

/** Validates a model file (or, with `text`, model text named `file`): `loadModel` or `loadModelFromText`. */
export function validate(file: string, text?: string): LoadResult {
  return text === undefined ? loadModel(file) : loadModelFromText(file, text);
}

/**
 * Incremental recheck from model data (a parsed model file as plain data, or `generateTenant`'s output): each
 * `apply(change)` answers the flows the change gains and loses. Null analysis (with diagnostics) when the data is not
 * a valid model.
 */
export function incremental(doc: Record<string, unknown>, file = 'model.json') {
  return IncrementalAnalysis.fromDocument(
    doc,
    (d) => loadModelFromText(file, JSON.stringify(d)),
    (d, index, model) => buildOneSecurityGroup(file, d, index, model),
  );
}
