import { runCli } from '../../src/cli/run.js';

/** What a command printed and its exit status. */
export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs a command in this process, as the binary's worker does (`runCli` with the standard streams collected): the
 * same parsing, output and exit status, without starting a process. `cwd` runs it from another directory (relative
 * paths, and the lint configuration found there). Tests of the process itself (pipes, signals, the installed
 * package) spawn `dist/cli/main.js` instead.
 */
export async function cli(args: readonly string[], opts: { readonly cwd?: string } = {}): Promise<CliResult> {
  let out = '';
  let err = '';
  const here = process.cwd();
  if (opts.cwd) process.chdir(opts.cwd);
  try {
    const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s) });
    return { code, out, err };
  } finally {
    if (opts.cwd) process.chdir(here);
  }
}
