import type { Diagnostic } from '../model/index.js';
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

/** Anything a reporter can render. */
export type Report = ValidationReport | CheckReport;

/** Output formats. */
export const FORMATS = ['text', 'json', 'junit', 'sarif', 'github', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** Inputs a reporter needs besides the report. */
export interface RenderOptions {
  /** Rule help for SARIF, from docs/. */
  readonly help: HelpCatalog;
  readonly toolVersion: string;
}
