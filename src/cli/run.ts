import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadModel } from '../load/index.js';
import { hasErrors } from '../model/index.js';
import { Simulator } from '../sim/engine.js';
import { check } from '../verify/scenario.js';
import { formatCheck, formatDiagnostic, formatTrace, formatValidation } from '../report/text.js';
import { checkJson, traceJson, validationJson } from '../report/json.js';

/** Where the CLI writes. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes, the same for every command. */
export const EXIT = { ok: 0, finding: 1, usage: 2 } as const;

function parsePortOption(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a port is a whole number from 1 to 65535.');
  const n = Number(value);
  if (n < 1 || n > 65535) throw new InvalidArgumentError(`port ${n} is out of range; ports are 1 to 65535.`);
  return n;
}

const formatOption = (): Option => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

/** Runs the CLI with `argv` (without node and script) and returns the exit code. Never throws. */
export function runCli(argv: readonly string[], io: Io): number {
  let code: number = EXIT.ok;
  const program = new Command();
  program
    .name('vpcreach')
    .description('Simulate and verify reachability through Huawei Cloud VPC endpoints (VPCEP).')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run vpcreach --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('validate')
    .description('check model files and report every problem with its position')
    .argument('<models...>', 'model files (YAML or JSON)')
    .addOption(formatOption())
    .action((models: string[], opts: { format: string }) => {
      const results = models.map((file) => {
        const r = loadModel(file);
        return { file, valid: r.model !== undefined, diagnostics: r.diagnostics, unreadable: r.unreadable };
      });
      io.out(opts.format === 'json' ? validationJson(results) : formatValidation(results));
      code = results.some((r) => r.unreadable) ? EXIT.usage : results.some((r) => !r.valid) ? EXIT.finding : EXIT.ok;
    });

  program
    .command('trace')
    .description('simulate one flow hop by hop and explain where and why it stops')
    .argument('<model>', 'model file')
    .requiredOption('--from <id>', 'client instance id')
    .requiredOption('--to <target>', 'endpoint, instance or load balancer id, or an IPv4 address')
    .requiredOption('--port <n>', 'destination port', parsePortOption)
    .addOption(new Option('--protocol <protocol>', 'transport protocol').choices(['tcp', 'udp']).default('tcp'))
    .addOption(formatOption())
    .action((file: string, opts: { from: string; to: string; port: number; protocol: 'tcp' | 'udp'; format: string }) => {
      const loaded = loadModel(file);
      if (!loaded.model) {
        for (const d of loaded.diagnostics) io.err(formatDiagnostic(d) + '\n');
        io.err(`vpcreach: ${file} ${loaded.unreadable ? 'cannot be read' : 'is not a valid model'}; nothing was simulated\n`);
        code = EXIT.usage;
        return;
      }
      const outcome = new Simulator(loaded.model).trace({ from: opts.from, to: opts.to, port: opts.port, protocol: opts.protocol });
      if (!outcome.ok) {
        io.err(`vpcreach: --${outcome.error.field}: ${outcome.error.message}${outcome.error.hint ? ` (${outcome.error.hint})` : ''}\n`);
        code = EXIT.usage;
        return;
      }
      io.out(opts.format === 'json' ? traceJson(outcome.result) : formatTrace(outcome.result));
      code = outcome.result.verdict === 'reachable' ? EXIT.ok : EXIT.finding;
    });

  program
    .command('check')
    .description('run scenario files (reachability expectations) and report pass/fail')
    .argument('<paths...>', 'scenario files or directories')
    .addOption(formatOption())
    .action((paths: string[], opts: { format: string }) => {
      const r = check(paths);
      io.out(opts.format === 'json' ? checkJson(r) : formatCheck(r));
      const inputErrors = r.usage.length > 0 || r.errors > 0 || r.scenarios.some((s) => hasErrors(s.diagnostics));
      code = inputErrors ? EXIT.usage : r.failed > 0 ? EXIT.finding : EXIT.ok;
    });

  if (argv.length === 0) {
    io.err(program.helpInformation());
    return EXIT.usage;
  }
  try {
    program.parse([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.err(`vpcreach: internal error: ${message}\nThis is a bug in vpcreach; please report it together with the input that caused it.\n`);
    return EXIT.usage;
  }
}
