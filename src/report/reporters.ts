/** The reporter registry: every command's report, rendered in each format its kind lists in `REPORT_FORMATS`. */
import { render } from './index.js';
import { classGroupsJson, matrixJson, portClassesJson, traceJson } from './json.js';
import { formatAllBlockers, formatClassGroups, formatMatrix, formatPortClasses, formatTrace } from './text.js';
import { diffJson, diffMarkdown, formatDiff } from './diff.js';
import { REPORT_FORMATS, type CommandReport, type Format, type OutputFormat, type PictureFormat, type RenderOptions } from './types.js';

/** Why a report could not be rendered in a format (the picture would be too large, a focus names nothing, …). */
interface RenderError {
  readonly message: string;
  readonly hint?: string;
}

export type Rendered = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: RenderError };

const text = (value: string): Rendered => ({ ok: true, value });

/**
 * Renders a report in one of its kind's formats. `options` is asked for only by the formats that need it (SARIF's
 * rule help). Deterministic: same report, same format, byte-identical text.
 */
export async function renderReport(report: CommandReport, format: OutputFormat, options: () => RenderOptions): Promise<Rendered> {
  if (!REPORT_FORMATS[report.kind].includes(format)) throw new Error(`renderReport: ${report.kind} is not written as ${format}`);
  switch (report.kind) {
    case 'validate':
    case 'check':
      return text(render(report, format as Format, options()));
    case 'trace':
      return text(
        format === 'json'
          ? traceJson(report.result, report.blockers)
          : formatTrace(report.result) + (report.blockers ? `\n${formatAllBlockers(report.blockers)}` : ''),
      );
    case 'analyze':
      return text(analyzeText(report, format));
    case 'diff':
      return text(
        format === 'json'
          ? diffJson(report.files, report.diff, report.traces())
          : format === 'markdown'
            ? diffMarkdown(report.files, report.diff)
            : formatDiff(report.files, report.diff),
      );
    case 'graph': {
      // Pictures load their code (and the layout engine) only when a picture is drawn.
      const { drawPicture } = await import('./picture/index.js');
      const { model, focus, trace, maxNodes } = report;
      const picture = await drawPicture(model, { format: format as PictureFormat, focus, trace, maxNodes });
      return picture.ok ? text(picture.value.text) : picture;
    }
    case 'import':
      return text(report.yaml);
  }
}

/** `analyze` in one of its forms, as text or JSON. */
function analyzeText(report: Extract<CommandReport, { kind: 'analyze' }>, format: OutputFormat): string {
  const json = format === 'json';
  switch (report.form) {
    case 'matrix':
      return json ? matrixJson(report.file, report.matrix) : formatMatrix(report.file, report.matrix);
    case 'ports':
      return json
        ? portClassesJson(report.from, report.to, report.classes, report.icmpCode)
        : formatPortClasses(report.from, report.to, report.classes, report.icmpCode);
    case 'groups':
      return json ? classGroupsJson(report.fixed, report.groups, report.icmpCode) : formatClassGroups(report.title, report.groups);
  }
}
