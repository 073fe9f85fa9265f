#!/usr/bin/env node
import { abandonWrites } from './output.js';
import { runCli } from './run.js';

// With handlers installed, SIGINT/SIGTERM are handled between synchronous steps, never in the middle of
// writing a file: every output is either complete and in place or not there at all.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.on(signal, () => {
    abandonWrites();
    process.exit(code);
  });
}

process.exitCode = runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
});
