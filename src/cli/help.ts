import { readFileSync } from 'node:fs';
import { parseHelp, type HelpCatalog } from '../report/index.js';

let cached: HelpCatalog | undefined;

/** The help catalog of the installed package: docs/dispositions.md and docs/diagnostics.md, read once. */
export function loadHelp(): HelpCatalog {
  cached ??= parseHelp(
    readFileSync(new URL('../../docs/dispositions.md', import.meta.url), 'utf8'),
    readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8'),
  );
  return cached;
}
