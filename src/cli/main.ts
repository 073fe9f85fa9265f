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

const { runCli } = await import('./run.js');
process.exitCode = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  // Wrap text for a terminal; files, pipes and CI logs get one line per item.
  ...(process.stdout.isTTY && process.stdout.columns ? { width: Math.max(60, process.stdout.columns) } : {}),
});
