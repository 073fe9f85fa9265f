import { checkJson, validationJson } from './json.js';
import { formatCheck, formatValidation } from './text.js';
import { github } from './github.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import type { Format, RenderOptions, Report } from './types.js';

export * from './types.js';
export { parseHelp, type HelpCatalog } from './help.js';
export { formatTrace, formatDiagnostic, wrapLines } from './text.js';

/** Renders a report in one format. Pure and deterministic: same input, byte-identical output. */
export function render(report: Report, format: Format, options: RenderOptions): string {
  switch (format) {
    case 'text':
      return report.kind === 'validate' ? formatValidation(report.files, report.command) : formatCheck(report.result);
    case 'json':
      return report.kind === 'validate' ? validationJson(report.files) : checkJson(report.result);
    case 'junit':
      return junit(report);
    case 'sarif':
      return sarif(report, options);
    case 'github':
      return github(report);
    case 'markdown':
      return markdown(report);
    default: {
      const never: never = format;
      throw new Error(`render: unknown format ${String(never)}`);
    }
  }
}
