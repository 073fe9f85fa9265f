// Preloaded with `node --import` into a CLI run: prints the process's peak resident memory on exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nPEAK_RSS_KIB ${process.resourceUsage().maxRSS}\n`);
});
