import { Command, Option } from 'commander';
import { describeQueryError } from '../../sim/engine.js';
import type { TraceResult } from '../../sim/types.js';
import { DEFAULT_MAX_NODES, PICTURE_FORMATS, drawPicture, prepareLayout, type PictureFormat } from '../../report/picture/index.js';
import { parsePortOption, parseSize, parseCount, helpFooter } from '../options.js';
import { type Context, EXIT } from '../context.js';

/** Registers `vpcreach graph`. */
export function register(program: Command, ctx: Context): void {
  program
    .command('graph')
    .description("draw the topology (accounts, VPCs, subnets, instances, load balancers, services, endpoints), and a flow's path on it, in Mermaid, DOT or SVG")
    .argument('[model]', 'model file (required)')
    .addOption(
      new Option('--format <format>', 'mermaid (GitHub renders it), dot (Graphviz) or svg (drawn by vpcreach)')
        .choices([...PICTURE_FORMATS])
        .default('mermaid'),
    )
    .option('--from <id>', 'with --to and --port: the client of a flow to trace and draw')
    .option('--to <target>', "the flow's endpoint, instance or load balancer id, or IPv4 address")
    .option('--port <n>', "the flow's destination port", parsePortOption)
    .addOption(new Option('--protocol <protocol>', "the flow's transport protocol").choices(['tcp', 'udp']).default('tcp'))
    .option(
      '--focus <id>',
      'draw only the neighbourhood of this resource (a VPC, subnet, account, security group or ACL: of what it holds); repeatable',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--max-nodes <n>', `refuse to draw more nodes than this (default ${DEFAULT_MAX_NODES})`, parseCount)
    .option('-o, --output <file>', 'write the picture to this file instead of standard output')
    .option('--force', 'overwrite --output when it exists')
    .option('--max-file-size <size>', 'refuse a model file larger than this (default 64MiB)', parseSize)
    .option('--max-values <n>', 'refuse a model with more values than this (default 2,000,000)', parseCount)
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
      async (
        file: string | undefined,
        opts: {
          format: PictureFormat;
          from?: string;
          to?: string;
          port?: number;
          protocol: 'tcp' | 'udp';
          focus?: string[];
          maxNodes?: number;
          output?: string;
          force?: boolean;
          maxFileSize?: number;
        },
      ) => {
        if (file === undefined) {
          ctx.io.err(
            'vpcreach graph: the model file is missing\nusage: vpcreach graph <model> [--format mermaid|dot|svg] [--from <instance> --to <target> --port <n>] [--focus <id>]  (vpcreach graph --help for more)\n',
          );
          ctx.code = EXIT.usage;
          return;
        }
        const flowParts = [opts.from, opts.to, opts.port].filter((x) => x !== undefined).length;
        if (flowParts > 0 && flowParts < 3) {
          ctx.io.err('vpcreach graph: a flow needs --from, --to and --port together\n');
          ctx.code = EXIT.usage;
          return;
        }
        if (!ctx.outputAllowed('graph', opts.output, opts.force, [file])) return;
        // The layout engine warms up on its thread while the model loads.
        if (opts.format === 'svg') prepareLayout();
        const sim = ctx.simulatorFor(file, opts, 'nothing was drawn');
        if (!sim) return;
        let trace: TraceResult | undefined;
        if (opts.from !== undefined && opts.to !== undefined && opts.port !== undefined) {
          const outcome = sim.trace({ from: opts.from, to: opts.to, port: opts.port, protocol: opts.protocol });
          if (!outcome.ok) {
            ctx.io.err(`vpcreach: --${describeQueryError(outcome.error)}\n`);
            ctx.code = EXIT.usage;
            return;
          }
          trace = outcome.result;
        }
        const picture = await drawPicture(sim.model, { format: opts.format, focus: opts.focus, trace, maxNodes: opts.maxNodes });
        if (!picture.ok) {
          ctx.io.err(`vpcreach graph: ${picture.message}\n  hint: ${picture.hint}\n`);
          ctx.code = EXIT.usage;
          return;
        }
        ctx.writeOutput(opts.output, picture.text);
      },
    );
}
