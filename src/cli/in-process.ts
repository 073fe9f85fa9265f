import { statSync } from 'node:fs';

/**
 * Whether the command runs on this thread: a trace or a validation of small files (every file its command line names,
 * together, at most IN_PROCESS_BYTES) takes time in proportion to its input and so ends within a fraction of a second;
 * a signal is then handled as soon as it is done. Anything else (a directory, a large model, every all-flows command)
 * runs on the worker, which the signal stops mid-computation. The worker costs about 60 ms of start-up.
 */
export function inProcess(args: readonly string[]): boolean {
  if (args[0] !== 'trace' && args[0] !== 'validate') return false;
  let bytes = 0;
  let files = 0;
  for (const a of args.slice(1)) {
    if (a.startsWith('-')) continue;
    const st = statSync(a, { throwIfNoEntry: false });
    if (st === undefined) continue; // an option's value, or a file that is not there (said at once)
    if (!st.isFile()) return false;
    bytes += st.size;
    files++;
  }
  return files > 0 && bytes <= IN_PROCESS_BYTES;
}

/** Files up to this size together run in-process: loading and tracing take about 0.14 s at this size here (a 790 KB generated tenant: 0.36 s). */
export const IN_PROCESS_BYTES = 256 * 1024;

/**
 * Whether the run can stop as soon as its standard output is closed (`vpcreach analyze … | head`): an `analyze` whose
 * only destination is standard output. Its exit status is then decided before it writes anything (its input and
 * usage errors are found first), so stopping gives the status the run would have had; a command that also writes a
 * file (`--output`), or whose status depends on what it finds (`check`, `lint`, `validate`, `diff`, `trace`), runs
 * to the end.
 */
export function stopsWhenOutputCloses(args: readonly string[]): boolean {
  return args[0] === 'analyze' && !args.some((a) => a === '--output' || a.startsWith('--output=') || (a.startsWith('-o') && !a.startsWith('--')));
}
