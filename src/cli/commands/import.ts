import { Command } from 'commander';
import { importHuaweicloud, importTerraform, type TerraformImport } from '../../load/index.js';
import { formatDiagnostic } from '../../report/index.js';
import type { OutputArg } from '../output.js';
import { limitsOf, type ImportOptions, helpFooter, withReportOptions, withInputLimits, plannedDestinations, emit } from '../options.js';
import type { Context, Outcome } from '../context.js';

/** Registers `vpcreach import`. */
export function register(program: Command, ctx: Context): void {
  const importCommand = program
    .command('import')
    .description('read a network described elsewhere into a model file: Terraform plans and states, Huawei Cloud API responses (docs/import.md)');
  /** The options every importer takes; the order of its --format and --output options. */
  const importOptions = (cmd: Command, order: OutputArg[]): Command => withInputLimits(withReportOptions(cmd, order, 'import', { force: true }));
  const terraformOrder: OutputArg[] = [];
  const huaweicloudOrder: OutputArg[] = [];
  importOptions(
    importCommand
      .command('terraform')
      .description('a `terraform show -json` plan or state of the huaweicloud provider, as a model file (ids are Terraform addresses)')
      .argument('<files...>', 'the JSON of `terraform show -json plan.out` (a plan) or `terraform show -json` (the state); several make one model'),
    terraformOrder,
  )
    .addHelpText(
      'after',
      helpFooter(
        [
          'terraform plan -out plan.out && terraform show -json plan.out > plan.json',
          'vpcreach import terraform plan.json -o model.yaml',
          'vpcreach import terraform provider/state.json consumer/state.json -o model.yaml   # two workspaces, one network',
          'vpcreach check scenarios/   # scenarios may name plan.json as their model directly',
        ],
        '0 the model was written, 1 the plan or state describes an invalid model (nothing written), 2 the file cannot be read, is not Terraform JSON, or a usage error',
      ),
    )
    .action(
      ctx.action((files: string[], opts: ImportOptions) =>
        writeImport(terraformOrder, () => importTerraform(files, limitsOf(opts)), files.join(', '), opts, files),
      ),
    );
  importOptions(
    importCommand
      .command('huaweicloud')
      .description('a directory of Huawei Cloud API responses (VPCs, subnets, security groups, ACLs, servers, ELB, VPCEP) as a model file')
      .argument('<dir>', 'the directory the JSON response bodies were saved in (docs/import.md lists the API calls)'),
    huaweicloudOrder,
  )
    .addHelpText(
      'after',
      helpFooter(
        ['vpcreach import huaweicloud dump/ -o model.yaml'],
        '0 the model was written, 1 the responses describe an invalid model (nothing written), 2 the directory cannot be read, holds no resources, or a usage error',
      ),
    )
    .action(ctx.action((dir: string, opts: ImportOptions) => writeImport(huaweicloudOrder, () => importHuaweicloud(dir, limitsOf(opts)), dir, opts, [dir])));

  /** Prints an import's diagnostics, then writes its model (or says why not). */
  async function writeImport(
    order: readonly OutputArg[],
    read: () => TerraformImport,
    input: string,
    opts: ImportOptions,
    inputs: readonly string[],
  ): Promise<Outcome> {
    const destinations = plannedDestinations(order, 'import', ctx.io, { command: 'import', inputs, force: opts.force === true });
    if (destinations === null) return 'usage';
    const { result, yaml } = read();
    for (const d of result.diagnostics) ctx.io.err(`${formatDiagnostic(d)}\n`);
    if ((!result.ok && result.error === 'unreadable') || yaml === undefined) return 'usage';
    if (!result.ok) {
      ctx.io.err(`vpcreach import: ${input} describes a model with errors (above); nothing was written\n`);
      return 'finding';
    }
    return (await emit({ kind: 'import', yaml }, destinations, ctx.io, { command: 'import', announce: true })) ? 'ok' : 'usage';
  }
}
