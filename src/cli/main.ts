#!/usr/bin/env node
// Signal handlers first, before the rest of the program loads: with them installed, SIGINT/SIGTERM are
// handled between synchronous steps, never in the middle of writing a file, so every output is either
// complete and in place or not there at all.
import { abandonWrites } from './inflight.js';

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    abandonWrites();
    process.exit(code);
  });
}

// When the reader goes away (`vpcreach … | head -1`), stop writing quietly: no message, no stack trace, and the
// exit status the run would have had anyway.
const closed = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closed.add(stream);
  });
}
const write = (stream: NodeJS.WriteStream, s: string): void => {
  if (!closed.has(stream)) stream.write(s);
};

const { runCli } = await import('./run.js');
process.exitCode = await runCli(process.argv.slice(2), {
  out: (s) => write(process.stdout, s),
  err: (s) => write(process.stderr, s),
  // Wrap text for a terminal; files, pipes and CI logs get one line per item.
  ...(process.stdout.isTTY && process.stdout.columns ? { width: Math.max(60, process.stdout.columns) } : {}),
  // Progress in place on a terminal's standard error; never in a pipe, a file or a CI log.
  ...(process.stderr.isTTY ? { progress: (line: string | null) => write(process.stderr, line === null ? '\r\x1b[K' : `\r\x1b[K${line}`) } : {}),
});
