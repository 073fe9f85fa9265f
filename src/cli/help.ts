import { readFileSync, readdirSync } from 'node:fs';
import { parseHelp, type HelpCatalog } from '../report/index.js';

let cached: HelpCatalog | undefined;

/** The help catalog of the installed package: docs/dispositions.md, docs/diagnostics.md and docs/lint/, read once. */
export function loadHelp(): HelpCatalog {
  cached ??= parseHelp(
    readFileSync(new URL('../../docs/dispositions.md', import.meta.url), 'utf8'),
    readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8'),
    readdirSync(new URL('../../docs/lint/', import.meta.url))
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .sort()
      .map((f) => ({ id: f.slice(0, -3), markdown: readFileSync(new URL(`../../docs/lint/${f}`, import.meta.url), 'utf8') })),
  );
  return cached;
}
