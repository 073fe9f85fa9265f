import { formatPorts } from '../net/index.js';
import type { Decided } from '../sim/engine.js';
import type { TraceResult } from '../sim/types.js';
import type { FlowChange, ModelDiff } from '../symbolic/diff.js';

/** The two models a diff compared, as the user named them. */
export interface DiffFiles {
  readonly before: string;
  readonly after: string;
  /**
   * What `vpcreach trace` reads each side from, when it is not the name above: of one Terraform plan, the plan itself
   * for the planned side, and nothing for its prior state (the JSON output carries that side's trace).
   */
  readonly traceFrom?: { readonly before: string | null; readonly after: string };
}

const decision = (d: Decided | null): string => (d === null ? 'absent' : `${d.verdict} ${d.code} at ${d.at}`);
const count = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** At most five sources, then how many in all. */
function sourcesOf(c: FlowChange): string {
  return c.sources.length <= 5 ? c.sources.join(', ') : `${c.sources.slice(0, 5).join(', ')} … (${c.sources.length} in all)`;
}

function traceCommand(file: string, c: FlowChange): string {
  const w = c.witness;
  return `vpcreach trace ${file} --from ${w.from} --to ${w.to} --port ${w.port}${w.protocol === 'tcp' ? '' : ` --protocol ${w.protocol}`}`;
}

/** How to see the witness on one side: the trace command, or where its trace is when no command reads that side. */
function side(files: DiffFiles, which: 'before' | 'after', c: FlowChange): string {
  const from = files.traceFrom ? files.traceFrom[which] : files[which];
  return from === null ? `${files[which]}: its trace is in --format json` : traceCommand(from, c);
}

function headline(files: DiffFiles, d: ModelDiff): string {
  return `${files.before} → ${files.after}: ${count(d.gainedFlows, 'flow')} gained, ${count(d.lostFlows, 'flow')} lost (${count(d.vpcsCompared, 'VPC')} compared, ${count(d.vpcsUnchanged, 'VPC')} unchanged)`;
}

/** `vpcreach diff` as text: a headline, then one entry per change with both decisions and the witness's trace commands. */
export function formatDiff(files: DiffFiles, d: ModelDiff): string {
  const lines = [headline(files, d)];
  for (const c of d.changes) {
    lines.push(
      '',
      `${c.kind === 'gained' ? 'GAINED' : 'LOST  '}  ${sourcesOf(c)} → ${c.to}  ${c.protocol} ${formatPorts(c.ports)}`,
      `        before: ${decision(c.before)}`,
      `        after:  ${decision(c.after)}`,
      `        witness: ${c.witness.protocol === 'icmp' ? 'type' : 'port'} ${c.witness.port} from ${c.witness.from}; ${c.before ? side(files, 'before', c) : `not in ${files.before}`}; ${c.after ? side(files, 'after', c) : `not in ${files.after}`}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** The witness of a change traced on each side (null where the flow's ends are not in that model). */
export interface WitnessTraces {
  readonly before: TraceResult | null;
  readonly after: TraceResult | null;
}

/**
 * `vpcreach diff --format json`; with `traces` (one per change, in order; the first MAX_TRACED_FAILURES changes), each
 * change also carries its witness's hop-by-hop trace on each side.
 */
export function diffJson(files: DiffFiles, d: ModelDiff, traces: readonly WitnessTraces[] = []): string {
  const changes = d.changes.map((c, i) => (traces[i] ? { ...c, traceBefore: traces[i].before, traceAfter: traces[i].after } : c));
  return JSON.stringify({ before: files.before, after: files.after, ...d, changes }, null, 2) + '\n';
}

/** `vpcreach diff --format markdown`: a table for a pull-request comment. */
export function diffMarkdown(files: DiffFiles, d: ModelDiff): string {
  const cell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [`### vpcreach diff`, '', headline(files, d).replace(/^/, ''), ''];
  if (d.changes.length === 0) {
    lines.push('No flow changed.');
    return lines.join('\n') + '\n';
  }
  lines.push('| | sources | destination | ports | before | after |', '|---|---|---|---|---|---|');
  for (const c of d.changes) {
    lines.push(
      `| ${c.kind === 'gained' ? '➕ gained' : '➖ lost'} | ${cell(sourcesOf(c))} | ${cell(c.to)} | ${c.protocol} ${cell(formatPorts(c.ports))} | ${cell(decision(c.before))} | ${cell(decision(c.after))} |`,
    );
  }
  return lines.join('\n') + '\n';
}
