import { createHash } from 'node:crypto';
import { isAbsolute, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findings } from './findings.js';
import type { RenderOptions, Report } from './types.js';

/**
 * A path as a SARIF URI: a relative reference (forward slashes, each segment percent-encoded) for a path below the
 * working directory, an absolute `file://` URI otherwise (a relative reference may not begin with a slash: SARIF1004).
 */
function toUri(path: string): string {
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path.split(sep).join('/').split('/').map(encodeURIComponent).join('/');
}

/** Where users learn about the tool. */
const INFORMATION_URI = 'https://www.npmjs.com/package/vpcreach';
/** Where the package's documentation files are published (the npm package holds docs/). */
const DOCS_URI = 'https://unpkg.com/vpcreach';

/**
 * SARIF 2.1.0: one run; rules are every disposition and diagnostic code with help text from docs/;
 * each result points at the expectation in the scenario file or the offending field in the model file,
 * with the model rules that decided a failing path as related locations.
 */
export function sarif(report: Report, options: RenderOptions): string {
  const rules = options.help.map((h) => ({
    id: h.id,
    shortDescription: { text: h.summary.length > 200 ? `${h.summary.slice(0, 197)}...` : h.summary },
    fullDescription: { text: h.text },
    help: { text: h.text, markdown: h.markdown },
    defaultConfiguration: { level: h.level },
    ...(h.doc ? { helpUri: `${DOCS_URI}@${options.toolVersion}/${h.doc}` } : {}),
    properties: { tags: [h.kind === 'disposition' ? 'reachability' : h.kind === 'lint' ? 'lint' : 'validation'] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = findings(report).map((f) => {
    const ruleIndex = index.get(f.ruleId);
    return {
      ruleId: f.ruleId,
      ...(ruleIndex !== undefined ? { ruleIndex } : {}),
      level: f.level,
      message: { text: f.fix ? `${f.message}. Fix: ${f.fix}` : f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUri(f.location.file) },
            ...(f.location.line > 0 ? { region: { startLine: f.location.line, startColumn: f.location.column } } : {}),
          },
          ...(f.location.address || f.location.path
            ? { logicalLocations: [{ fullyQualifiedName: f.location.address ?? f.location.path, kind: f.location.address ? 'resource' : 'member' }] }
            : {}),
        },
      ],
      ...(f.related.length
        ? {
            relatedLocations: f.related.map((r, i) => ({
              id: i + 1,
              physicalLocation: { artifactLocation: { uri: toUri(r.file) }, region: { startLine: r.line, startColumn: r.column } },
              message: { text: `${r.resource} ${r.text} (${r.action} ${r.matched})` },
            })),
          }
        : {}),
      // Stable across edits that move lines or insert expectations: a hash of the finding's identity, not its position.
      partialFingerprints: { primaryLocationLineHash: `${createHash('sha256').update(`${f.ruleId}|${f.key}`).digest('hex').slice(0, 16)}:1` },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'vpcreach', version: options.toolVersion, semanticVersion: options.toolVersion, informationUri: INFORMATION_URI, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
