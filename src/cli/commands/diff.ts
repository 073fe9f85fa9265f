import { Command, Option } from 'commander';
import { loadPlanSides } from '../../load/index.js';
import { diffModels, witnessTraces } from '../../symbolic/diff.js';
import type { OutputArg } from '../output.js';
import { helpFooter, withReportOptions, withInputLimits, plannedDestinations, emit, limitsOf } from '../options.js';
import type { Context } from '../context.js';

/** Registers `vpcreach diff`. */
export function register(program: Command, ctx: Context): void {
  const order: OutputArg[] = [];
  const cmd = program
    .command('diff')
    .description(
      'the flows a change gains and loses: every flow of both models compared, by class (of one Terraform plan: its prior state and its planned values)',
    )
    .argument('[before]', 'the model before the change, or a Terraform plan (terraform show -json plan.out)')
    .argument('[after]', 'the model after the change (none for a plan)')
    .addOption(new Option('--fail-on <what>', 'exit 1 when flows were lost, gained, or either').choices(['lost', 'gained', 'any']));
  withInputLimits(withReportOptions(cmd, order, 'diff'), 'a model file')
    .addHelpText(
      'after',
      helpFooter(
        [
          'vpcreach diff main/model.yaml model.yaml --fail-on lost',
          'vpcreach diff plan.json --format markdown --fail-on gained',
          'vpcreach diff before.json after.json --format markdown >> $GITHUB_STEP_SUMMARY',
          'vpcreach diff before.json after.json --format markdown --output summary.md --format json --output diff.json',
        ],
        '0 compared (and nothing --fail-on names changed), 1 flows were lost or gained as --fail-on says, 2 usage or input error',
      ),
    )
    .action(
      ctx.action(async (before: string | undefined, after: string | undefined, opts: { failOn?: string; maxFileSize?: number }) => {
        // One argument: a Terraform plan, whose prior state and planned values are the two sides.
        const plan = before !== undefined && after === undefined ? loadPlanSides(before, limitsOf(opts)) : null;
        if (before === undefined || (after === undefined && plan === null)) {
          ctx.io.err(
            `vpcreach diff: ${before === undefined ? 'the two model files are missing' : `the second model file is missing (${before} is not a Terraform plan, whose prior state and planned values one argument compares)`}\nusage: vpcreach diff <before> <after> | <plan.json> [--fail-on lost|gained|any] [--format text|json|markdown]  (vpcreach diff --help for more)\n`,
          );
          return 'usage';
        }
        const destinations = plannedDestinations(order, 'diff', ctx.io, { command: 'diff', inputs: after === undefined ? [before] : [before, after] });
        if (destinations === null) return 'usage';
        const a = plan ? ctx.simulatorOf(plan.before, 'nothing was compared') : ctx.simulatorFor(before, opts, 'nothing was compared');
        if (!a) return 'usage';
        const b = plan ? ctx.simulatorOf(plan.after, 'nothing was compared') : ctx.simulatorFor(after!, opts, 'nothing was compared');
        if (!b) return 'usage';
        const d = diffModels(a, b);
        // JSON carries each change's witness traced on both sides (the first MAX_TRACED_FAILURES changes).
        const files = plan
          ? { before: `${before} (prior state)`, after: `${before} (planned values)`, traceFrom: { before: null, after: before } }
          : { before, after: after! };
        const report = { kind: 'diff', files, diff: d, traces: () => witnessTraces(a, b, d) } as const;
        if (!(await emit(report, destinations, ctx.io, { command: 'diff' }))) return 'usage';
        const failed =
          (opts.failOn === 'lost' || opts.failOn === 'any') && d.lostFlows > 0
            ? true
            : (opts.failOn === 'gained' || opts.failOn === 'any') && d.gainedFlows > 0;
        return failed ? 'finding' : 'ok';
      }),
    );
}
