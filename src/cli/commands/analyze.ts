import { Command } from 'commander';
import { INTERNET, plural } from '../../model/index.js';
import { MAX_ICMP_CODE, type PortRange } from '../../net/index.js';
import { Simulator, describeQueryError } from '../../sim/engine.js';
import type { QueryError } from '../../sim/types.js';
import { wrapLines, type CommandReport } from '../../report/index.js';
import { matrixWriter, type MatrixWriter } from '../../report/matrix-writer.js';
import { AtomicWriter, describeWriteError, type Destination, type OutputArg } from '../output.js';
import { planMatrix, walkMatrix, type MatrixOptions } from '../../symbolic/matrix.js';
import { policyDestinations, policySources } from '../../symbolic/policy.js';
import { portClasses, reachedBy, reachersOf, restrictPorts } from '../../symbolic/ports.js';
import { parseIcmpCodeOption, parsePortRangeOption, helpFooter, withReportOptions, withInputLimits, plannedDestinations, emit } from '../options.js';
import type { Context, Io } from '../context.js';

type AnalyzeReport = Extract<CommandReport, { kind: 'analyze' }>;

/** What `analyze` reports for one of its forms other than the matrix; or the query error. */
function analyzeAnswer(
  sim: Simulator,
  from: string | undefined,
  to: string | undefined,
  port: PortRange | undefined,
  icmpCode: number | undefined,
): { ok: true; report: AnalyzeReport } | { ok: false; error: QueryError } {
  const code = icmpCode === undefined ? {} : { icmpCode };
  if (from !== undefined && to !== undefined && (sim.model.instances.has(from) || from === INTERNET.id)) {
    const r = portClasses(sim, from, to, icmpCode);
    if (!r.ok) return r;
    const classes = port ? restrictPorts(r.value, port) : r.value;
    return { ok: true, report: { kind: 'analyze', form: 'ports', from, to, classes, ...code } };
  }
  const range =
    icmpCode !== undefined
      ? ` every icmp type, of code ${icmpCode}`
      : port
        ? ` ${port.lo === port.hi ? `port ${port.lo}` : `ports ${port.lo}-${port.hi}`}, tcp and udp`
        : ' every port, tcp and udp, and every icmp type';
  const alike = (what: string) => `${what}s that end alike are listed together`;
  const count = (groups: readonly { ids: readonly string[] }[]) => groups.reduce((k, g) => k + g.ids.length, 0);
  if (to === undefined) {
    // What one instance reaches (a group of instances needs --to; the caller says so).
    const r = reachedBy(sim, from!, port, icmpCode);
    if (!r.ok) return r;
    const title = `what ${from!} reaches: ${plural(count(r.value), 'destination')},${range}; ${alike('destination')}`;
    return { ok: true, report: { kind: 'analyze', form: 'groups', title, fixed: { from: from! }, groups: r.value, ...code } };
  }
  // Who reaches `to`: every instance, or the instances of the subnet, VPC, security group or account --from names.
  const named = from !== undefined ? policySources(sim.model, from) : null;
  const set = named?.ok && named.value.set ? named.value.instances : null;
  const r = set
    ? reachersOf(sim, to, port, set, icmpCode)
    : from !== undefined
      ? reachedBy(sim, from, port, icmpCode)
      : reachersOf(sim, to, port, undefined, icmpCode);
  if (!r.ok) return r;
  const who = set ? `who in ${from!} reaches ${to}` : `who reaches ${to}`;
  const title = `${who}: ${plural(count(r.value), 'instance')},${range}; ${alike('instance')}`;
  return { ok: true, report: { kind: 'analyze', form: 'groups', title, fixed: { to }, groups: r.value, ...code } };
}

/** Registers `vpcreach analyze`. */
export function register(program: Command, ctx: Context): void {
  const order: OutputArg[] = [];
  const cmd = program
    .command('analyze')
    .description(
      'every port of tcp and udp, and every icmp type, between instances and destinations, in classes that end alike: from one instance to one destination, who reaches a destination (no --from), what an instance reaches (no --to), or the whole matrix by VPC (neither)',
    )
    .argument('[model]', 'model file (required)')
    .option('--from <id>', 'client instance id, a subnet, VPC, security group or account (its instances), or internet; without it: every instance')
    .option(
      '--to <target>',
      'endpoint, instance or load balancer id, an IPv4 address, a subnet, VPC or CIDR block (what has an address there), or internet; without it: every endpoint, load balancer and instance',
    )
    .option('--port <n|lo-hi>', 'only these ports (tcp and udp; icmp types are left out)', parsePortRangeOption)
    .option('--icmp-code <n>', 'only icmp: every type, its flows of this code (0-255; default: any code each type defines)', parseIcmpCodeOption);
  withInputLimits(withReportOptions(cmd, order, 'analyze'), 'a model file')
    .addHelpText(
      'after',
      helpFooter(
        [
          'vpcreach analyze models/seed-elb/model.yaml --from ecs-client --to ep-web',
          'vpcreach analyze models/misconfigurations/model.yaml --to ep-shared --port 80-90',
          'vpcreach analyze models/misconfigurations/model.yaml --from ecs-pinger --to ecs-icmp --icmp-code 4',
          'vpcreach analyze models/misconfigurations/model.yaml --from ecs-client',
          'vpcreach analyze models/internet/model.yaml --from internet',
          'vpcreach analyze models/misconfigurations/model.yaml --format json > matrix.json',
        ],
        '0 the analysis ran, 2 usage or input error',
      ),
    )
    .action(
      ctx.action(async (file: string | undefined, opts: { from?: string; to?: string; port?: PortRange; icmpCode?: number; maxFileSize?: number }) => {
        if (file === undefined) {
          ctx.io.err(
            `vpcreach analyze: the model file is missing\nusage: vpcreach analyze <model> [--from <instance>] [--to <target>] [--port <n|lo-hi>]  (vpcreach analyze --help for more)\n`,
          );
          return 'usage';
        }
        const { from, to, port, icmpCode } = opts;
        if (icmpCode !== undefined && (port !== undefined || icmpCode > MAX_ICMP_CODE)) {
          ctx.io.err(
            port !== undefined
              ? 'vpcreach analyze: --port and --icmp-code: --port keeps tcp and udp ports, --icmp-code icmp types; ask one of them\n'
              : `vpcreach analyze: --icmp-code: ICMP code ${icmpCode} is out of range (ICMP codes are whole numbers from 0 to 255)\n`,
          );
          return 'usage';
        }
        const destinations = plannedDestinations(order, 'analyze', ctx.io, { command: 'analyze', inputs: [file] });
        if (destinations === null) return 'usage';
        const sim = ctx.simulatorFor(file, opts, 'nothing was analyzed');
        if (!sim) return 'usage';
        // One instance to one destination, who reaches one destination, and what one instance reaches have forms of
        // their own; every other combination (sets at either end, or neither given) is the matrix, cut down to them.
        const fromSet = from === undefined ? null : policySources(sim.model, from);
        const toSet = to === undefined ? null : policyDestinations(sim.model, to);
        for (const r of [fromSet, toSet]) {
          if (r && !r.ok) {
            ctx.io.err(`vpcreach: --${describeQueryError(r.error)}\n`);
            return 'usage';
          }
        }
        const oneSource = fromSet?.ok === true && !fromSet.value.set;
        const oneDestination = toSet?.ok === true && !toSet.value.set;
        if (!oneDestination && !(oneSource && toSet === null)) {
          // The matrix, written out cell by cell as it is computed (any size fits); progress on a terminal once it has
          // taken a second.
          const started = Date.now();
          let shown = 0;
          const options: MatrixOptions = {
            ...(port ? { ports: port } : {}),
            ...(icmpCode !== undefined ? { icmpCode } : {}),
            ...(fromSet?.ok ? { sources: fromSet.value.instances } : {}),
            ...(toSet?.ok ? { destinations: toSet.value.targets } : {}),
            onProgress: (done, total) => {
              const now = Date.now();
              if (!ctx.io.progress || now - started < 1000 || now - shown < 100) return;
              shown = now;
              ctx.io.progress(`vpcreach analyze: ${done}/${total} destinations`);
            },
          };
          const written = streamMatrix(sim, file, options, destinations, ctx.io);
          if (shown) ctx.io.progress?.(null);
          return written ? 'ok' : 'usage';
        }
        const answer = analyzeAnswer(sim, from, to, port, icmpCode);
        if (!answer.ok) {
          ctx.io.err(`vpcreach: --${describeQueryError(answer.error)}\n`);
          return 'usage';
        }
        return (await emit(answer.report, destinations, ctx.io, { command: 'analyze' })) ? 'ok' : 'usage';
      }),
    );
}

/**
 * The matrix to every destination at once, a cell at a time: files are written whole or not at all (AtomicWriter),
 * standard output as it comes. False (with the reason said) when a file cannot be written.
 */
function streamMatrix(sim: Simulator, file: string, options: MatrixOptions, destinations: readonly Destination[], io: Io): boolean {
  const plan = planMatrix(sim, options);
  const outline = {
    blocks: plan.blocks.map((b) => ({ vpc: b.vpc, sources: b.sources.length, destinations: b.reached.length })),
    unroutedPairs: plan.unroutedPairs,
    ...(options.icmpCode !== undefined ? { icmpCode: options.icmpCode } : {}),
  };
  const sinks: { writer: MatrixWriter; put: (text: string) => void; file: AtomicWriter | null; path: string | null }[] = [];
  const fail = (path: string, err: unknown): false => {
    for (const s of sinks) s.file?.abort();
    io.err(`vpcreach: ${describeWriteError(path, err)}\n`);
    return false;
  };
  for (const d of destinations) {
    const writer = matrixWriter(d.format === 'json' ? 'json' : 'text', file, outline);
    if (d.output === null) {
      const wrap = d.format === 'text' && (io.width ?? 0) > 0;
      sinks.push({ writer, put: (text) => text && io.out(wrap ? wrapLines(text, io.width!) : text), file: null, path: null });
      continue;
    }
    let f: AtomicWriter;
    try {
      f = AtomicWriter.open(d.output);
    } catch (err) {
      return fail(d.output, err);
    }
    sinks.push({ writer, put: (text) => f.write(text), file: f, path: d.output });
  }
  let current: (typeof sinks)[number] | null = null;
  try {
    for (const s of sinks) (current = s).put(s.writer.start());
    const walked = walkMatrix(sim, plan, options, (k, cell) => {
      for (const s of sinks) (current = s).put(s.writer.cell(k, cell));
    });
    if (!walked.ok) {
      for (const s of sinks) s.file?.abort();
      io.err(`vpcreach: --${describeQueryError(walked.error)}\n`);
      return false;
    }
    for (const s of sinks) (current = s).put(s.writer.end());
    for (const s of sinks) (current = s).file?.commit();
  } catch (err) {
    if (current?.path) return fail(current.path, err);
    for (const s of sinks) s.file?.abort();
    throw err;
  }
  return true;
}
