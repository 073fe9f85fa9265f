import { Command } from 'commander';
import { importHuaweicloud, importTerraform, type TerraformImport } from '../../load/index.js';
import { formatDiagnostic } from '../../report/index.js';
import { describeWriteError, writeAtomic } from '../output.js';
import { parseSize, parseCount, limitsOf, type ImportOptions, helpFooter } from '../options.js';
import { type Context, EXIT } from '../context.js';

/** Registers `vpcreach import`. */
export function register(program: Command, ctx: Context): void {
  const importCommand = program
    .command('import')
    .description('read a network described elsewhere into a model file: Terraform plans and states, Huawei Cloud API responses (docs/import.md)');
  /** The options every importer takes. */
  const importOptions = (cmd: Command): Command =>
    cmd
      .option('-o, --output <file>', 'write the model here (YAML) instead of standard output')
      .option('--force', 'overwrite --output when it exists')
      .option('--max-file-size <size>', 'refuse input files larger than this (default 64MiB)', parseSize)
      .option('--max-values <n>', 'refuse documents with more values (default 2,000,000)', parseCount);
  importOptions(
    importCommand
      .command('terraform')
      .description('a `terraform show -json` plan or state of the huaweicloud provider, as a model file (ids are Terraform addresses)')
      .argument('<files...>', 'the JSON of `terraform show -json plan.out` (a plan) or `terraform show -json` (the state); several make one model'),
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
    .action((files: string[], opts: ImportOptions) => writeImport(importTerraform(files, limitsOf(opts)), files.join(', '), opts, files));
  importOptions(
    importCommand
      .command('huaweicloud')
      .description('a directory of Huawei Cloud API responses (VPCs, subnets, security groups, ACLs, servers, ELB, VPCEP) as a model file')
      .argument('<dir>', 'the directory the JSON response bodies were saved in (docs/import.md lists the API calls)'),
  )
    .addHelpText(
      'after',
      helpFooter(
        ['vpcreach import huaweicloud dump/ -o model.yaml'],
        '0 the model was written, 1 the responses describe an invalid model (nothing written), 2 the directory cannot be read, holds no resources, or a usage error',
      ),
    )
    .action((dir: string, opts: ImportOptions) => writeImport(importHuaweicloud(dir, limitsOf(opts)), dir, opts, [dir]));

  /** Prints an import's diagnostics, then writes its model (or says why not). */
  function writeImport({ result, yaml }: TerraformImport, input: string, opts: ImportOptions, inputs: readonly string[]): void {
    if (!ctx.outputAllowed('import', opts.output, opts.force, inputs)) return;
    for (const d of result.diagnostics) ctx.io.err(`${formatDiagnostic(d)}\n`);
    if (result.unreadable || yaml === undefined) {
      ctx.code = EXIT.usage;
      return;
    }
    if (!result.model) {
      ctx.io.err(`vpcreach import: ${input} describes a model with errors (above); nothing was written\n`);
      ctx.code = EXIT.finding;
      return;
    }
    if (opts.output === undefined) ctx.io.out(yaml);
    else {
      try {
        writeAtomic(opts.output, yaml);
        ctx.io.err(`wrote ${opts.output}\n`);
      } catch (err) {
        ctx.io.err(`vpcreach: ${describeWriteError(opts.output, err)}\n`);
        ctx.code = EXIT.usage;
      }
    }
  }
}
