import { Command, CommanderError } from 'commander';
import { VERSION } from './version.js';
import { Context, EXIT, type Io } from './context.js';

/** A command: one module that registers its options, help and action on the program. */
interface CommandModule {
  register(program: Command, ctx: Context): void;
}

/**
 * The commands, in the order help lists them. A module is loaded only when its command runs (or when the whole
 * program is needed: the top-level help, an unknown command), so that a command starts without reading the code of
 * the others.
 */
const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  validate: () => import('./commands/validate.js'),
  lint: () => import('./commands/lint.js'),
  trace: () => import('./commands/trace.js'),
  graph: () => import('./commands/graph.js'),
  analyze: () => import('./commands/analyze.js'),
  diff: () => import('./commands/diff.js'),
  generate: () => import('./commands/generate.js'),
  import: () => import('./commands/import.js'),
  check: () => import('./commands/check.js'),
  report: () => import('./commands/report.js'),
};

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

  try {
    const first = argv[0];
    const needed = first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
    for (const module of await Promise.all(needed.map((name) => COMMANDS[name]!()))) module.register(program, ctx);
    if (argv.length === 0) {
      ctx.io.err(program.helpInformation());
      return EXIT.usage;
    }
    // -v is what many tools use for the version; -V and --version are commander's.
    await program.parseAsync(argv.length === 1 && argv[0] === '-v' ? ['--version'] : [...argv], { from: 'user' });
    return EXIT[ctx.outcome];
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const message = err instanceof Error ? err.message : String(err);
    ctx.io.err(`vpcreach: internal error: ${message}\nThis is a bug in vpcreach; please report it together with the input that caused it.\n`);
    return EXIT.usage;
  }
}
