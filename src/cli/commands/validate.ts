import { Command } from 'commander';
import { collectInputFiles, loadModel } from '../../load/index.js';
import { countDiagnostics } from '../../model/index.js';
import type { Report } from '../../report/index.js';
import type { OutputArg } from '../output.js';
import { limitsOf, withReportOptions, withInputLimits, withMaxWarnings, helpFooter, emit, plannedDestinations, reportInputs } from '../options.js';
import type { Context } from '../context.js';

/** Registers `vpcreach validate`. */
export function register(program: Command, ctx: Context): void {
  const validateOrder: OutputArg[] = [];
  const cmd = withReportOptions(
    program
      .command('validate')
      .description('check model files and report every problem with its position')
      .argument('<models...>', 'model files (YAML or JSON)')
      .addHelpText(
        'after',
        helpFooter(
          ['vpcreach validate models/seed-elb/model.yaml', 'vpcreach validate model.yaml --format sarif --output vpcreach.sarif'],
          '0 valid, 1 a model is invalid (or too many warnings), 2 a file cannot be read or a usage error',
        ),
      ),
    validateOrder,
    'validate',
  );
  withInputLimits(withMaxWarnings(cmd)).action(
    ctx.action(async (paths: string[], opts: { maxWarnings?: number; maxFileSize?: number }) => {
      // Directories are searched like check's; scenarios found there are skipped (named ones get a clear error).
      const input = collectInputFiles(paths, 'model', { missingAsFiles: true });
      for (const u of input.usage) ctx.io.err(`vpcreach: ${u}\n`);
      const results = input.files.flatMap((file) => {
        const r = loadModel(file, limitsOf(opts));
        if (input.found.has(file) && r.diagnostics.length === 1 && r.diagnostics[0]!.code === 'not-a-model') {
          ctx.io.err(`vpcreach: skipped ${file}: a scenario, not a model (vpcreach check ${file} runs it)\n`);
          return [];
        }
        return [{ file, valid: r.ok, diagnostics: r.diagnostics, unreadable: !r.ok && r.error === 'unreadable' }];
      });
      const report: Report = { kind: 'validate', files: results.map(({ file, valid, diagnostics }) => ({ file, valid, diagnostics })) };
      const destinations = plannedDestinations(validateOrder, 'validate', ctx.io, { command: 'validate', inputs: reportInputs(report) });
      if (destinations === null || !(await emit(report, destinations, ctx.io, { command: 'validate' }))) return 'usage';
      const warnings = results.reduce((n, r) => n + countDiagnostics(r.diagnostics, 'warning'), 0);
      if (results.some((r) => r.unreadable) || input.usage.length > 0) return 'usage';
      if (results.some((r) => !r.valid)) return 'finding';
      if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
        ctx.io.err(`vpcreach: ${warnings} warnings, more than --max-warnings ${opts.maxWarnings}\n`);
        return 'finding';
      }
      return 'ok';
    }),
  );
}
