import { Command } from 'commander';
import { hasErrors, plural } from '../../model/index.js';
import { reportSteps } from '../../verify/report-data.js';
import { htmlDiffReport, htmlReport } from '../../report/html.js';
import { formatDiagnostic } from '../../report/index.js';
import { diffModels, witnessTraces } from '../../symbolic/diff.js';
import { VERSION } from '../version.js';
import { parseSize, parseCount, limitsOf, helpFooter, runYielding } from '../options.js';
import type { Context } from '../context.js';

/** Registers `vpcreach report`. */
export function register(program: Command, ctx: Context): void {
  program
    .command('report')
    .description(
      'run scenario files and write one self-contained HTML page: every expectation, its path drawn on the topology, the hop-by-hop trace, and who reaches what; with --diff, the flows a change gains and loses',
    )
    .argument('[paths...]', 'scenario files or directories; with --diff, the model before and the model after')
    .option('--diff', 'report the flows gained and lost from the first model to the second (vpcreach report --diff <before> <after>)')
    .option('-o, --output <file>', 'write the page to this file (default: standard output)')
    .option('--force', 'overwrite --output when it exists')
    .option('--title <text>', 'the page title')
    .option('--max-file-size <size>', 'refuse input files larger than this (default 64MiB)', parseSize)
    .option('--max-values <n>', 'refuse documents with more values than this (default 2,000,000)', parseCount)
    .addHelpText(
      'after',
      helpFooter(
        [
          'vpcreach report scenarios/ -o report.html',
          'vpcreach report scenarios/seed-elb.yaml --title "seed setup" > seed.html',
          'vpcreach report --diff main/model.yaml model.yaml -o change.html',
        ],
        '0 every expectation held (with --diff: the models were compared), 1 one failed (the page is written either way), 2 an input or usage error (the page is written when the scenarios could be read)',
      ),
    )
    .action(
      ctx.action(async (paths: string[], opts: { diff?: boolean; output?: string; force?: boolean; title?: string; maxFileSize?: number }) => {
        if (opts.diff ? paths.length !== 2 : paths.length === 0) {
          ctx.io.err(
            opts.diff
              ? `vpcreach report --diff: ${paths.length < 2 ? 'two model files are needed' : 'only two model files are compared'}\nusage: vpcreach report --diff <before> <after> -o <file>\n`
              : 'vpcreach report: the scenario files or directories are missing\nusage: vpcreach report <scenario-or-dir>... -o <file>  (vpcreach report --help for more)\n',
          );
          return 'usage';
        }
        if (!ctx.outputAllowed('report', opts.output, opts.force)) return 'usage';
        if (opts.diff) {
          const [before, after] = paths as [string, string];
          if (!ctx.outputAllowed('report', opts.output, opts.force, paths)) return 'usage';
          const a = ctx.simulatorFor(before, opts, 'nothing was compared');
          if (!a) return 'usage';
          const b = ctx.simulatorFor(after, opts, 'nothing was compared');
          if (!b) return 'usage';
          const d = diffModels(a, b);
          const input = { files: { before, after }, before: a.model, after: b.model, diff: d, traces: witnessTraces(a, b, d) };
          const written = ctx.writeOutput(
            opts.output,
            await htmlDiffReport(input, { version: VERSION, title: opts.title }),
            `${plural(d.gainedFlows, 'flow')} gained, ${plural(d.lostFlows, 'flow')} lost`,
          );
          return written ? 'ok' : 'usage';
        }
        const data = await runYielding(reportSteps(paths, { limits: limitsOf(opts) }));
        const r = data.check;
        for (const u of r.usage) ctx.io.err(`vpcreach: ${u}\n`);
        for (const f of r.skipped) ctx.io.err(`vpcreach: skipped ${f}: a model, not a scenario (vpcreach validate ${f} checks it)\n`);
        if (!ctx.outputAllowed('report', opts.output, opts.force, [...r.scenarios.map((s) => s.file), ...data.models.keys()])) return 'usage';
        const page = await htmlReport(data, { version: VERSION, title: opts.title });
        if (!ctx.writeOutput(opts.output, page, `${plural(r.passed + r.failed + r.errors, 'expectation')}, ${r.failed} failed, ${r.errors} errors`))
          return 'usage';
        for (const s of r.scenarios) for (const d of s.diagnostics) if (d.severity === 'error') ctx.io.err(formatDiagnostic(d) + '\n');
        const inputErrors = r.usage.length > 0 || r.errors > 0 || r.scenarios.some((s) => hasErrors(s.diagnostics));
        return inputErrors ? 'usage' : r.failed > 0 ? 'finding' : 'ok';
      }),
    );
}
