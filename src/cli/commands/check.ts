import { Command } from 'commander';
import { countDiagnostics, hasErrors } from '../../model/index.js';
import { checkSteps } from '../../verify/scenario.js';
import type { OutputArg } from '../output.js';
import type { Report } from '../../report/index.js';
import { limitsOf, withReportOptions, withInputLimits, withMaxWarnings, helpFooter, emit, plannedDestinations, reportInputs, runYielding } from '../options.js';
import type { Context } from '../context.js';

/** Registers `vpcreach check`. */
export function register(program: Command, ctx: Context): void {
  const checkOrder: OutputArg[] = [];
  const cmd = withReportOptions(
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
    'check',
  );
  withInputLimits(withMaxWarnings(cmd)).action(
    ctx.action(async (paths: string[], opts: { maxWarnings?: number; maxFileSize?: number }) => {
      const r = await runYielding(checkSteps(paths, { limits: limitsOf(opts) }));
      for (const u of r.usage) ctx.io.err(`vpcreach: ${u}\n`);
      for (const f of r.skipped) ctx.io.err(`vpcreach: skipped ${f}: a model, not a scenario (vpcreach validate ${f} checks it)\n`);
      const report: Report = { kind: 'check', result: r };
      const destinations = plannedDestinations(checkOrder, 'check', ctx.io, { command: 'check', inputs: reportInputs(report) });
      if (destinations === null || !(await emit(report, destinations, ctx.io, { command: 'check' }))) return 'usage';
      const warnings = r.scenarios.reduce((n, s) => n + countDiagnostics(s.diagnostics, 'warning'), 0);
      const inputErrors = r.usage.length > 0 || r.errors > 0 || r.scenarios.some((s) => hasErrors(s.diagnostics));
      if (inputErrors) return 'usage';
      if (r.failed > 0) return 'finding';
      if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
        ctx.io.err(`vpcreach: ${warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
        return 'finding';
      }
      return 'ok';
    }),
  );
}
