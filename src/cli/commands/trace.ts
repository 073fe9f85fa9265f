import { Command, Option } from 'commander';
import { describeQueryError, pickedValues } from '../../sim/engine.js';
import type { OutputArg } from '../output.js';
import {
  parseIcmpCodeOption,
  parsePortOption,
  parsePortOrTypeOption,
  helpFooter,
  withReportOptions,
  withInputLimits,
  emit,
  plannedDestinations,
} from '../options.js';
import type { Context } from '../context.js';

/** Registers `vpcreach trace`. */
export function register(program: Command, ctx: Context): void {
  const order: OutputArg[] = [];
  const cmd = program
    .command('trace')
    .description('simulate one flow hop by hop and explain where and why it stops')
    .argument('[model]', 'model file (required)')
    .option('--from <id>', 'client instance id, internet (any public address), or a public IPv4 address (required)')
    .option('--to <target>', 'endpoint, instance or load balancer id, internet, or an IPv4 address (required)')
    .option('--port <n>', 'destination port, or the ICMP type with --protocol icmp (required)', parsePortOrTypeOption)
    .addOption(
      new Option('--protocol <protocol>', 'tcp, udp, or icmp (then --port is the ICMP type: 8 is an echo request)')
        .choices(['tcp', 'udp', 'icmp'])
        .default('tcp'),
    )
    .option('--src-port <n>', "the client's source port (tcp and udp; default: any it picks from 1024-65535)", parsePortOption)
    .option('--icmp-code <n>', "the ICMP code, with --protocol icmp (default: any its type defines; 3/4 is 'fragmentation needed')", parseIcmpCodeOption);
  withReportOptions(cmd, order, 'trace');
  cmd.option('--all-blockers', 'list every filter and condition that stops the flow, in path order, each with its fix');
  withInputLimits(cmd, 'a model file')
    .addHelpText(
      'after',
      helpFooter(
        [
          'vpcreach trace models/seed-elb/model.yaml --from ecs-client --to ep-web --port 8080',
          'vpcreach trace model.yaml --from app --to 10.0.1.20 --port 53 --protocol udp --format json',
          'vpcreach trace models/misconfigurations/model.yaml --from ecs-client --to ep-whitelisted --port 9443 --all-blockers',
          'vpcreach trace models/internet/model.yaml --from internet --to ecs-bastion --port 22',
          'vpcreach trace models/misconfigurations/model.yaml --from ecs-client --to ep-shared --port 86 --src-port 40000',
          'vpcreach trace models/misconfigurations/model.yaml --from ecs-pinger --to ecs-icmp --port 3 --protocol icmp --icmp-code 4',
        ],
        '0 the flow is reachable, 1 it is not (or only partly), 2 usage or input error',
      ),
    )
    .action(
      ctx.action(
        async (
          file: string | undefined,
          opts: {
            from?: string;
            to?: string;
            port?: number;
            protocol: 'tcp' | 'udp' | 'icmp';
            srcPort?: number;
            icmpCode?: number;
            allBlockers?: boolean;
            maxFileSize?: number;
          },
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
            return 'usage';
          }
          const destinations = plannedDestinations(order, 'trace', ctx.io, { command: 'trace', inputs: [file] });
          if (destinations === null) return 'usage';
          const sim = ctx.simulatorFor(file, opts, 'nothing was simulated');
          if (!sim) return 'usage';
          const query = {
            from: opts.from,
            to: opts.to,
            port: opts.port,
            protocol: opts.protocol,
            ...pickedValues(opts),
          };
          const outcome = sim.trace(query);
          if (!outcome.ok) {
            const e = outcome.error;
            ctx.io.err(`vpcreach: --${describeQueryError(e, e.field === 'srcPort' ? 'src-port' : e.field === 'icmpCode' ? 'icmp-code' : e.field)}\n`);
            return 'usage';
          }
          const all = opts.allBlockers ? sim.allBlockers(query) : undefined;
          const blockers = all?.ok ? all.value : undefined;
          if (!(await emit({ kind: 'trace', result: outcome.value, blockers }, destinations, ctx.io, { command: 'trace' }))) return 'usage';
          return outcome.value.verdict === 'reachable' ? 'ok' : 'finding';
        },
      ),
    );
}
