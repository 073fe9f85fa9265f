#!/usr/bin/env node
// The command runs on a worker thread; this thread handles signals and the standard streams. A computation that
// never yields (an analysis of a large tenant) cannot delay SIGINT or SIGTERM: the worker is stopped, the temporary
// files it was writing are removed, and the process exits 130/143 at once. A short command whose time is bounded by
// its small input (a trace or a validation, see inProcess) runs on this thread instead, without the worker's start-up. Writes are atomic (a temporary file
// renamed into place), so every output is either complete and in place or not there at all.
import { Worker } from 'node:worker_threads';
import { abandonWrites, track, untrack } from './inflight.js';
import { inProcess, stopsWhenOutputCloses } from './in-process.js';
import { startLayoutThread } from '../report/picture/layout-thread.js';

/** What the worker tells this thread. */
export type ToMain =
  /** Output as UTF-8, its buffer handed over rather than copied: a report of many megabytes is held once, not thrice. */
  | { readonly type: 'out' | 'err'; readonly bytes: Uint8Array }
  | { readonly type: 'progress'; readonly line: string | null }
  | { readonly type: 'track' | 'untrack'; readonly file: string }
  | { readonly type: 'done'; readonly code: number };

// When the reader goes away (`vpcreach … | head -1`), stop writing quietly: no message, no stack trace, and the
// exit status the run would have had anyway. A run whose status is already decided and whose only destination was
// standard output stops there (`stopsWhenOutputCloses`).
const closed = new Set<NodeJS.WriteStream>();
let onOutputClosed: (() => void) | null = null;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    closed.add(stream);
    if (stream === process.stdout) onOutputClosed?.();
  });
}
const write = (stream: NodeJS.WriteStream, s: string | Uint8Array): void => {
  if (!closed.has(stream)) stream.write(s);
};

// `--version` alone needs no worker.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  const { VERSION } = await import('./version.js');
  write(process.stdout, `${VERSION}\n`);
  process.exit(0);
}

// Wrap text for a terminal; files, pipes and CI logs get one line per item.
const width = process.stdout.isTTY && process.stdout.columns ? Math.max(60, process.stdout.columns) : undefined;
// Progress in place on a terminal's standard error; never in a pipe, a file or a CI log.
const progress = process.stderr.isTTY === true;

/** A progress line in place on a terminal (null clears it). */
const progressText = (line: string | null): string => (line === null ? '\r\x1b[K' : `\r\x1b[K${line}`);

let stopping = false;
/** On SIGINT or SIGTERM: stop, remove the temporary files being written, exit 130 or 143 (after `stop`, if any). */
function onSignals(stop?: () => Promise<unknown>): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void (stop ?? (() => Promise.resolve()))().finally(() => {
        // Messages the worker posted before it stopped (a temporary file it began) arrive first.
        setImmediate(() => {
          abandonWrites();
          process.exit(code);
        });
      });
    });
  }
}

if (inProcess(argv)) {
  onSignals();
  const { runCli } = await import('./run.js');
  process.exitCode = await runCli(argv, {
    out: (s) => write(process.stdout, s),
    err: (s) => write(process.stderr, s),
    ...(width ? { width } : {}),
    ...(progress ? { progress: (line: string | null) => write(process.stderr, progressText(line)) } : {}),
  });
} else {
  runOnWorker();
}

function runOnWorker(): void {
  // A command line that will lay a picture out (`graph --format svg`, `report`) gets ELK's thread first, so that ELK
  // warms up while the command starts. A guess from the words alone: when it is wrong, only time is lost or not won.
  const format = argv.findIndex((a) => a === '--format');
  const picture = argv[0] === 'report' || (argv[0] === 'graph' && (argv[format + 1] === 'svg' || argv.includes('--format=svg')));
  const layout = picture ? startLayoutThread() : undefined;

  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    workerData: { argv, layout, width, progress },
    transferList: layout ? [layout] : [],
    stdout: false,
    stderr: false,
  });

  worker.on('message', (m: ToMain) => {
    switch (m.type) {
      case 'out':
        write(process.stdout, m.bytes);
        break;
      case 'err':
        write(process.stderr, m.bytes);
        break;
      case 'progress':
        write(process.stderr, progressText(m.line));
        break;
      case 'track':
        track(m.file);
        break;
      case 'untrack':
        untrack(m.file);
        break;
      case 'done':
        process.exitCode = m.code;
        break;
    }
  });
  worker.on('error', (err) => {
    if (stopping) return;
    write(process.stderr, `vpcreach: internal error: ${err.message}\nThis is a bug in vpcreach; please report it together with the input that caused it.\n`);
    process.exitCode = 2;
  });
  onSignals(() => worker.terminate());
  if (stopsWhenOutputCloses(argv))
    onOutputClosed = () => {
      if (stopping) return;
      stopping = true;
      void worker.terminate().finally(() => {
        abandonWrites();
        process.exit(0);
      });
    };
}
