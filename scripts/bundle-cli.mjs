// The command-line program as one bundle: dist/cli/main.js (the process: signals, streams) and dist/cli/worker.js (the
// command), with the libraries they use, instead of the hundreds of modules tsc writes. Node resolves and compiles one
// file per thread instead of ~150, which is most of a short command's start-up. Each command is a chunk of its own,
// loaded when it runs (src/cli/run.ts), and so is code a command loads on demand (the layout engine of `graph --format
// svg`); what several commands use is in shared chunks beside them. The library (dist/index.js and the rest of dist/)
// is tsc's output, unchanged.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const outdir = 'dist/cli';
const result = await build({
  write: false,
  metafile: process.env.BUNDLE_META !== undefined,
  // ELK's thread (src/report/picture/elk-thread.ts) is started by URL, beside the chunk that starts it.
  entryPoints: { main: 'src/cli/main.ts', worker: 'src/cli/worker.ts', 'elk-thread': 'src/report/picture/elk-thread.ts' },
  outdir,
  // Beside the entries, so that paths relative to a module (the docs `--help` reads) stay the same.
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'bundle',
  // zod is bundled too: imported as a namespace (`import * as z`), only the parts the schemas use are kept, where the
  // package itself loads about a hundred modules (its locales among them) at every start: 0.08 s of a 0.3 s trace.
  // Measured against zod as a package of its own: the worst input of docs/reliability.md (4 MB of broken resources)
  // spends about a fifth longer in the young-generation collector (2.7 → 3.2 s), a valid M tenant is as fast; why the
  // collector works harder is not known.
  // Libraries written as CommonJS call require(): give the bundle one.
  banner: { js: "import { createRequire as __vpcreachRequire } from 'node:module';\nconst require = __vpcreachRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
// A build while the program runs (a test suite that builds again) must never show it a half-written or missing
// file: a file whose bytes are unchanged is left alone, a changed one is written beside and renamed into place, and
// only then are the chunks of an earlier build (their names end in a content hash) and tsc's source maps of the two
// entries, which the bundles replace, removed.
const written = new Set();
for (const f of result.outputFiles) {
  written.add(resolve(f.path));
  if (existsSync(f.path) && readFileSync(f.path).equals(f.contents)) continue;
  const temp = `${f.path}.${process.pid}.tmp`;
  writeFileSync(temp, f.contents);
  renameSync(temp, f.path);
}
for (const f of readdirSync(outdir)) {
  const path = resolve(join(outdir, f));
  if ((/-[A-Z0-9]{8}\.js$/.test(f) && !written.has(path)) || f === 'main.js.map' || f === 'worker.js.map') rmSync(path);
}
if (process.env.BUNDLE_META) (await import('node:fs')).writeFileSync(process.env.BUNDLE_META, JSON.stringify(result.metafile));
