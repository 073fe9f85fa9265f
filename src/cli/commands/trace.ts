import { Command, Option } from 'commander';
import { describeQueryError } from '../../sim/engine.js';
import { formatAllBlockers, formatTrace, wrapLines } from '../../report/index.js';
import { traceJson } from '../../report/json.js';
import { parsePortOption, parseSize, parseCount, helpFooter } from '../options.js';
import { type Context, EXIT } from '../context.js';

/** Registers `vpcreach trace`. */
export function register(program: Command, ctx: Context): void {
  program
    .command('trace')
    .description('simulate one flow hop by hop and explain where and why it stops')
    .argument('[model]', 'model file (required)')
    .option('--from <id>', 'client instance id (required)')
    .option('--to <target>', 'endpoint, instance or load balancer id, or an IPv4 address (required)')
    .option('--port <n>', 'destination port (required)', parsePortOption)
    .addOption(new Option('--protocol <protocol>', 'transport protocol').choices(['tcp', 'udp']).default('tcp'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--all-blockers', 'list every filter and condition that stops the flow, in path order, each with its fix')
    .option('--max-file-size <size>', 'refuse a model file larger than this (default 64MiB)', parseSize)
    .option('--max-values <n>', 'refuse a model with more values than this (default 2,000,000)', parseCount)
    .addHelpText(
      'after',
      helpFooter(
        [
          'vpcreach trace models/seed-elb/model.yaml --from ecs-client --to ep-web --port 8080',
          'vpcreach trace model.yaml --from app --to 10.0.1.20 --port 53 --protocol udp --format json',
          'vpcreach trace models/misconfigurations/model.yaml --from ecs-client --to ep-whitelisted --port 9443 --all-blockers',
        ],
        '0 the flow is reachable, 1 it is not (or only partly), 2 usage or input error',
      ),
    )
    .action(
      (
        file: string | undefined,
        opts: { from?: string; to?: string; port?: number; protocol: 'tcp' | 'udp'; format: string; allBlockers?: boolean; maxFileSize?: number },
      ) => {
        // Missing pieces are named in the order a user types them: the model first.
        const missing =
          file === undefined
            ? 'the model file is missing'
            : opts.from === undefined
              ? '--from is missing'
              : opts.to === undefined
                ? '--to is missing'
                : opts.port === undefined
                  ? '--port is missing'
                  : null;
        if (missing !== null || file === undefined || opts.from === undefined || opts.to === undefined || opts.port === undefined) {
          ctx.io.err(
            `vpcreach trace: ${missing ?? 'an argument is missing'}\nusage: vpcreach trace <model> --from <instance> --to <target> --port <n>  (vpcreach trace --help for more)\n`,
          );
          ctx.code = EXIT.usage;
          return;
        }
        const sim = ctx.simulatorFor(file, opts, 'nothing was simulated');
        if (!sim) return;
        const query = { from: opts.from, to: opts.to, port: opts.port, protocol: opts.protocol };
        const outcome = sim.trace(query);
        if (!outcome.ok) {
          ctx.io.err(`vpcreach: --${describeQueryError(outcome.error)}\n`);
          ctx.code = EXIT.usage;
          return;
        }
        const all = opts.allBlockers ? sim.allBlockers(query) : undefined;
        const blockers = all?.ok ? all.result : undefined;
        ctx.io.out(
          opts.format === 'json'
            ? traceJson(outcome.result, blockers)
            : wrapLines(formatTrace(outcome.result) + (blockers ? `\n${formatAllBlockers(blockers)}` : ''), ctx.io.width ?? 0),
        );
        ctx.code = outcome.result.verdict === 'reachable' ? EXIT.ok : EXIT.finding;
      },
    );
}
