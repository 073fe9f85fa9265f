import { Command, CommanderError } from 'commander';
import { VERSION } from './version.js';
import { Context, EXIT, type Io } from './context.js';
import { registerValidate } from './commands/validate.js';
import { registerLint } from './commands/lint.js';
import { registerTrace } from './commands/trace.js';
import { registerGraph } from './commands/graph.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerDiff } from './commands/diff.js';
import { registerGenerate } from './commands/generate.js';
import { registerImport } from './commands/import.js';
import { registerCheck } from './commands/check.js';
import { registerReport } from './commands/report.js';

export { type Io } from './context.js';

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. Never rejects. */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const ctx = new Context(io);
  const program = new Command();
  program
    .name('vpcreach')
    .description('Simulate and verify reachability through Huawei Cloud VPC endpoints (VPCEP).')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(run vpcreach --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });

  registerValidate(program, ctx);
  registerLint(program, ctx);
  registerTrace(program, ctx);
  registerGraph(program, ctx);
  registerAnalyze(program, ctx);
  registerDiff(program, ctx);
  registerGenerate(program, ctx);
  registerImport(program, ctx);
  registerCheck(program, ctx);
  registerReport(program, ctx);

  if (argv.length === 0) {
    ctx.io.err(program.helpInformation());
    return EXIT.usage;
  }
  try {
    // -v is what many tools use for the version; -V and --version are commander's.
    await program.parseAsync(argv.length === 1 && argv[0] === '-v' ? ['--version'] : [...argv], { from: 'user' });
    return ctx.code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const message = err instanceof Error ? err.message : String(err);
    ctx.io.err(`vpcreach: internal error: ${message}\nThis is a bug in vpcreach; please report it together with the input that caused it.\n`);
    return EXIT.usage;
  }
}
