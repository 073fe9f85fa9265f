import { Command, Option } from 'commander';
import { plural } from '../../model/index.js';
import { formatTenant, generateTenant, TENANT_SIZES, type TenantSize } from '../../generate/tenant.js';
import { formatTerraformState, toTerraformState } from '../../generate/terraform-state.js';
import { parseCount, helpFooter } from '../options.js';
import type { Context } from '../context.js';

/** Registers `vpcreach generate`. */
export function register(program: Command, ctx: Context): void {
  program
    .command('generate')
    .description('write a synthetic tenant model (seeded, deterministic) at a benchmark size, for trying vpcreach out and for measuring it')
    .addOption(
      new Option('--size <size>', 'S: 200 instances, M: 2,000, L: 20,000, XL: 100,000 (docs/performance.md)').choices(Object.keys(TENANT_SIZES)).default('s'),
    )
    .option('--seed <n>', 'the seed: the same seed gives the same model', parseCount, 1)
    .option('--deny', 'about 10 % deny rules, priorities 1-100')
    .option('--adversarial', 'many /32 and /28 sources (far fewer instances behave alike)')
    .addOption(
      new Option(
        '--format <format>',
        'json, yaml, or terraform-state (the state `terraform show -json` would print; default: from the -o extension, else json)',
      ).choices(['json', 'yaml', 'terraform-state']),
    )
    .option('-o, --output <file>', 'write to this file (format from its extension) instead of standard output')
    .option('--force', 'overwrite --output when it exists')
    .addHelpText(
      'after',
      helpFooter(
        ['vpcreach generate --size m --seed 7 -o tenant.json', 'vpcreach generate --size s --deny --format yaml > tenant.yaml'],
        '0 the model was written, 2 usage error or the file could not be written',
      ),
    )
    .action(
      ctx.action((opts: { size: string; seed: number; deny?: boolean; adversarial?: boolean; format?: string; output?: string; force?: boolean }) => {
        const size = opts.size as TenantSize;
        const format = (opts.format ?? (opts.output && /\.ya?ml$/i.test(opts.output) ? 'yaml' : 'json')) as 'json' | 'yaml' | 'terraform-state';
        if (!ctx.outputAllowed('generate', opts.output, opts.force)) return 'usage';
        const tenant = generateTenant({ size, seed: opts.seed, deny: opts.deny ?? false, adversarial: opts.adversarial ?? false });
        const text = format === 'terraform-state' ? formatTerraformState(toTerraformState(tenant).state) : formatTenant(tenant, format);
        const count = (k: string): number => (Array.isArray(tenant[k]) ? (tenant[k] as unknown[]).length : 0);
        const counts = `size ${size}, seed ${opts.seed}: ${plural(count('instances'), 'instance')}, ${plural(count('endpointServices'), 'endpoint service')}`;
        return ctx.writeOutput(opts.output, text, `${format === 'terraform-state' ? 'Terraform state of a ' : ''}generated tenant, ${counts}`) ? 'ok' : 'usage';
      }),
    );
}
