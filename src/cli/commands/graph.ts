import { Command, Option } from 'commander';
import { describeQueryError } from '../../sim/engine.js';
import type { TraceResult } from '../../sim/types.js';
import type { FlowProtocol } from '../../net/index.js';
import { DEFAULT_MAX_NODES, prepareLayout } from '../../report/picture/index.js';
import type { OutputArg } from '../output.js';
import { parsePortOption, parseCount, helpFooter, withReportOptions, withInputLimits, plannedDestinations, emit } from '../options.js';
import type { Context } from '../context.js';

/** Registers `vpcreach graph`. */
export function register(program: Command, ctx: Context): void {
  const order: OutputArg[] = [];
  const cmd = program
    .command('graph')
    .description("draw the topology (accounts, VPCs, subnets, instances, load balancers, services, endpoints), and a flow's path on it, in Mermaid, DOT or SVG")
    .argument('[model]', 'model file (required)');
  withReportOptions(cmd, order, 'graph', { force: true })
    .option('--from <id>', 'with --to and --port: the client of a flow to trace and draw (an instance, or internet)')
    .option('--to <target>', "the flow's endpoint, instance or load balancer id, internet, or IPv4 address")
    .option('--port <n>', "the flow's destination port", parsePortOption)
    .addOption(new Option('--protocol <protocol>', "the flow's transport protocol").choices(['tcp', 'udp']).default('tcp'))
    .option(
      '--focus <id>',
      'draw only the neighbourhood of this resource (a VPC, subnet, account, security group or ACL: of what it holds); repeatable',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--max-nodes <n>', `refuse to draw more nodes than this (default ${DEFAULT_MAX_NODES})`, parseCount);
  withInputLimits(cmd, 'a model file')
    .addHelpText(
      'after',
      helpFooter(
        [
          'vpcreach graph models/seed-elb/model.yaml > topology.mmd',
          'vpcreach graph models/missing-vpcep-rule/model.yaml --from ecs-client --to ep-web --port 8080 --format svg -o path.svg',
          'vpcreach graph tenant.json --focus vpc-00 --format dot | dot -Tpng > vpc-00.png',
        ],
        "0 the picture was drawn (whatever the flow's verdict: use trace or check to assert it), 2 usage or input error",
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
            protocol: FlowProtocol;
            focus?: string[];
            maxNodes?: number;
            force?: boolean;
            maxFileSize?: number;
          },
        ) => {
          if (file === undefined) {
            ctx.io.err(
              'vpcreach graph: the model file is missing\nusage: vpcreach graph <model> [--format mermaid|dot|svg] [--from <instance> --to <target> --port <n>] [--focus <id>]  (vpcreach graph --help for more)\n',
            );
            return 'usage';
          }
          const flowParts = [opts.from, opts.to, opts.port].filter((x) => x !== undefined).length;
          if (flowParts > 0 && flowParts < 3) {
            ctx.io.err('vpcreach graph: a flow needs --from, --to and --port together\n');
            return 'usage';
          }
          const destinations = plannedDestinations(order, 'graph', ctx.io, { command: 'graph', inputs: [file], force: opts.force === true });
          if (destinations === null) return 'usage';
          // The layout engine warms up on its thread while the model loads.
          if (destinations.some((d) => d.format === 'svg')) prepareLayout();
          const sim = ctx.simulatorFor(file, opts, 'nothing was drawn');
          if (!sim) return 'usage';
          let trace: TraceResult | undefined;
          if (opts.from !== undefined && opts.to !== undefined && opts.port !== undefined) {
            const outcome = sim.trace({ from: opts.from, to: opts.to, port: opts.port, protocol: opts.protocol });
            if (!outcome.ok) {
              ctx.io.err(`vpcreach: --${describeQueryError(outcome.error)}\n`);
              return 'usage';
            }
            trace = outcome.value;
          }
          const report = { kind: 'graph', model: sim.model, focus: opts.focus, trace, maxNodes: opts.maxNodes } as const;
          return (await emit(report, destinations, ctx.io, { command: 'graph', announce: true })) ? 'ok' : 'usage';
        },
      ),
    );
}
