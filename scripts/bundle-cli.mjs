// The command-line program as one bundle: dist/cli/main.js (the process: signals, streams) and dist/cli/worker.js (the
// command), with the libraries they use, instead of the hundreds of modules tsc writes. Node resolves and compiles one
// file per thread instead of ~150, which is most of a short command's start-up. Code a command loads on demand (the
// layout engine of `graph --format svg`) stays in a chunk of its own, beside them. The library (dist/index.js and the
// rest of dist/) is tsc's output, unchanged.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';

const outdir = 'dist/cli';
// Chunks of an earlier build (their names end in a content hash), and tsc's source maps of the two entries, which
// the bundles replace.
for (const f of readdirSync(outdir)) if (/-[A-Z0-9]{8}\.js$/.test(f) || f === 'main.js.map' || f === 'worker.js.map') rmSync(`${outdir}/${f}`);
await build({
  entryPoints: { main: 'src/cli/main.ts', worker: 'src/cli/worker.ts' },
  outdir,
  // Beside the entries, so that paths relative to a module (the docs `--help` reads) stay the same.
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'bundle',
  // zod stays a package of its own: bundled, its schemas cost about 13 MB more at peak on the largest admitted inputs
  // (docs/reliability.md bounds them at 300 MB) for 0.02 s less start-up.
  external: ['zod'],
  // Libraries written as CommonJS call require(): give the bundle one.
  banner: { js: "import { createRequire as __vpcreachRequire } from 'node:module';\nconst require = __vpcreachRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
