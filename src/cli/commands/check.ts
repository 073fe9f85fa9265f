import { Command } from 'commander';
import { countDiagnostics, hasErrors } from '../../model/index.js';
import { checkSteps } from '../../verify/scenario.js';
import type { OutputArg } from '../output.js';
import { limitsOf, withReportOptions, helpFooter, emit, runYielding } from '../options.js';
import { type Context, EXIT } from '../context.js';

/** Registers `vpcreach check`. */
export function register(program: Command, ctx: Context): void {
  const checkOrder: OutputArg[] = [];
  withReportOptions(
    program
      .command('check')
      .description('run scenario files (reachability expectations) and report pass/fail')
      .argument('<paths...>', 'scenario files or directories')
      .addHelpText(
        'after',
        helpFooter(
          ['vpcreach check scenarios/', 'vpcreach check scenarios/ --format junit --output reports/vpcreach.xml --format text'],
          '0 every expectation held, 1 one failed (or too many warnings), 2 an input error or a usage error',
        ),
      ),
    checkOrder,
  ).action(async (paths: string[], opts: { maxWarnings?: number; maxFileSize?: number }) => {
    const r = await runYielding(checkSteps(paths, { limits: limitsOf(opts) }));
    for (const u of r.usage) ctx.io.err(`vpcreach: ${u}\n`);
    for (const f of r.skipped) ctx.io.err(`vpcreach: skipped ${f}: a model, not a scenario (vpcreach validate ${f} checks it)\n`);
    if (!emit({ kind: 'check', result: r }, checkOrder, ctx.io)) {
      ctx.code = EXIT.usage;
      return;
    }
    const warnings = r.scenarios.reduce((n, s) => n + countDiagnostics(s.diagnostics, 'warning'), 0);
    const inputErrors = r.usage.length > 0 || r.errors > 0 || r.scenarios.some((s) => hasErrors(s.diagnostics));
    if (inputErrors) ctx.code = EXIT.usage;
    else if (r.failed > 0) ctx.code = EXIT.finding;
    else if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
      ctx.io.err(`vpcreach: ${warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
      ctx.code = EXIT.finding;
    }
  });
}
