import type { Diagnostic, Model } from '../model/index.js';
import type { AllBlockers, TraceResult } from '../sim/types.js';
import type { ModelDiff } from '../symbolic/diff.js';
import type { Matrix } from '../symbolic/matrix.js';
import type { ClassGroup, PortClass } from '../symbolic/ports.js';
import type { CheckResult } from '../verify/scenario.js';
import type { HelpCatalog } from './help.js';

/** What `validate` reports: one entry per model file. */
interface ValidationReport {
  readonly kind: 'validate';
  /** The command that made it: `lint` adds its findings to each file's diagnostics (default validate). */
  readonly command?: 'validate' | 'lint';
  /** For lint: the ids of the rules that ran (JUnit gives each its test case). */
  readonly rules?: readonly string[];
  readonly files: readonly { readonly file: string; readonly valid: boolean; readonly diagnostics: readonly Diagnostic[] }[];
}

/** What `check` reports. */
interface CheckReport {
  readonly kind: 'check';
  readonly result: CheckResult;
}

/** Anything `render` renders: what validate, lint and check report. */
export type Report = ValidationReport | CheckReport;

/** What `trace` reports: the flow's trace, and with --all-blockers every filter that stops it. */
interface TraceReport {
  readonly kind: 'trace';
  readonly result: TraceResult;
  readonly blockers?: AllBlockers;
}

/** What `analyze` reports, in one of its forms. */
type AnalyzeReport =
  | { readonly kind: 'analyze'; readonly form: 'matrix'; readonly file: string; readonly matrix: Matrix }
  | {
      readonly kind: 'analyze';
      readonly form: 'ports';
      readonly from: string;
      readonly to: string;
      readonly classes: readonly PortClass[];
      /** Every icmp type alone, its flows of this code (`--icmp-code`). */
      readonly icmpCode?: number;
    }
  | {
      readonly kind: 'analyze';
      readonly form: 'groups';
      readonly title: string;
      /** The end the question fixed: what `from` reaches, or who reaches `to`. */
      readonly fixed: { readonly from: string } | { readonly to: string };
      readonly groups: readonly ClassGroup[];
      /** Every icmp type alone, its flows of this code (`--icmp-code`). */
      readonly icmpCode?: number;
    };

/** What `diff` reports: the two files as named, the diff, and (asked only by the formats that show them) the witnesses traced on both sides. */
interface DiffReport {
  readonly kind: 'diff';
  readonly files: { readonly before: string; readonly after: string };
  readonly diff: ModelDiff;
  readonly traces: () => readonly { readonly before: TraceResult | null; readonly after: TraceResult | null }[];
}

/** What `graph` draws: the model, and what of it (a focus, a traced flow). */
interface GraphReport {
  readonly kind: 'graph';
  readonly model: Model;
  readonly focus?: readonly string[];
  readonly trace?: TraceResult;
  readonly maxNodes?: number;
}

/** What `import` writes: the model file. */
interface ImportReport {
  readonly kind: 'import';
  readonly yaml: string;
}

/** What any command reports: each kind is rendered by the reporters of the formats it lists in `REPORT_FORMATS`. */
export type CommandReport = Report | TraceReport | AnalyzeReport | DiffReport | GraphReport | ImportReport;

/** Output formats of validate, lint and check. */
export const FORMATS = ['text', 'json', 'junit', 'sarif', 'github', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** The formats of pictures. */
export const PICTURE_FORMATS = ['mermaid', 'dot', 'svg'] as const;
export type PictureFormat = (typeof PICTURE_FORMATS)[number];

/** Every output format of every command. */
export type OutputFormat = Format | PictureFormat | 'yaml';

/** The formats each kind of report is written in, its default first. A command offers exactly these (its --help lists them). */
export const REPORT_FORMATS: { readonly [K in CommandReport['kind']]: readonly OutputFormat[] } = {
  validate: FORMATS,
  check: FORMATS,
  trace: ['text', 'json'],
  analyze: ['text', 'json'],
  diff: ['text', 'json', 'markdown'],
  graph: PICTURE_FORMATS,
  import: ['yaml'],
};

/** Inputs a reporter needs besides the report. */
export interface RenderOptions {
  /** Rule help for SARIF, from docs/. */
  readonly help: HelpCatalog;
  readonly toolVersion: string;
}
