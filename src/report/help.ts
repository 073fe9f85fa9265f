/** Help for one rule (a disposition or diagnostic code), taken from docs/. */
interface RuleHelp {
  readonly id: string;
  /** One line. */
  readonly summary: string;
  /** The whole section, as Markdown. */
  readonly markdown: string;
  /** The section as plain text. */
  readonly text: string;
  readonly level: 'error' | 'warning' | 'note';
  readonly kind: 'disposition' | 'diagnostic' | 'lint';
  /** Where the rule's page is, relative to the package (lint rules). */
  readonly doc?: string;
}

/** Help for every code, in documentation order: dispositions first, then diagnostics. */
export type HelpCatalog = readonly RuleHelp[];

function sections(markdown: string): { id: string; body: string }[] {
  const out: { id: string; body: string }[] = [];
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const nl = part.indexOf('\n');
    const id = part.slice(0, nl).trim();
    if (!/^[A-Z_]+$|^[a-z]+(-[a-z]+)+$/.test(id)) continue;
    out.push({ id, body: part.slice(nl + 1).trim() });
  }
  return out;
}

function plain(markdown: string): string {
  return markdown
    .replace(/\*\*/g, '')
    .replace(/`/g, '')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** Parses the documentation files into a help catalog. Pure: give it the files' text (lint: each rule's page). */
export function parseHelp(
  dispositionsMd: string,
  diagnosticsMd: string,
  lintPages: readonly { readonly id: string; readonly markdown: string }[] = [],
): HelpCatalog {
  const rules: RuleHelp[] = [];
  for (const { id, body } of sections(dispositionsMd)) {
    const when = /\*\*When:\*\*([\s\S]*?)(?=\*\*Fix:\*\*|$)/.exec(body)?.[1] ?? body;
    rules.push({ id, summary: plain(when), markdown: body, text: plain(body), level: id === 'DELIVERED' ? 'note' : 'error', kind: 'disposition' });
  }
  for (const { id, body } of sections(diagnosticsMd)) {
    const m = /^(error|warning) — ([\s\S]*)$/.exec(body);
    const summary = plain(m?.[2] ?? body);
    rules.push({ id, summary, markdown: body, text: summary, level: m?.[1] === 'warning' ? 'warning' : 'error', kind: 'diagnostic' });
  }
  for (const { id, markdown } of lintPages) {
    const severity = /\*\*Default severity:\*\* (error|warning|info)/.exec(markdown)?.[1];
    const what = /## What it finds\n([\s\S]*?)(?=\n## |$)/.exec(markdown)?.[1] ?? '';
    const level = severity === 'info' ? 'note' : severity === 'warning' ? 'warning' : 'error';
    rules.push({ id, summary: plain(what), markdown, text: plain(markdown.replace(/^# .*\n/, '')), level, kind: 'lint', doc: `docs/lint/${id}.md` });
  }
  return rules;
}
