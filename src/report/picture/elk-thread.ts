// ELK's layout engine on a thread of its own (started by layout-thread.ts): it loads and warms up while the command
// that needs it starts and reads its model, instead of after. ELK's own worker script is written for a browser's Web
// Worker; this relays its messages to and from a port.
//
// The script (1.6 MB) is compiled with V8's code cache when the build left one beside this file and this Node accepts
// it (same V8, same flags): compiling and the first layout take about 0.08 s instead of 0.2 s. Otherwise it is
// compiled as usual.
// eslint-disable-next-line no-restricted-imports -- the layout engine's code and its compile cache are read here
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';

interface ElkMessage {
  readonly id?: number;
  readonly error?: unknown;
}
/** What elk-worker.min.js exports in CommonJS: the worker as a class that runs in-process. */
interface InProcessWorker {
  onmessage: (event: { data: ElkMessage }) => void;
  postMessage(message: unknown): void;
}

/** Where the build leaves the code cache (scripts/elk-cache.mjs). */
export const ELK_CACHE = fileURLToPath(new URL('./elk-worker.cache', import.meta.url));

/** Loads elk-worker.min.js as Node's require would, with the code cache when there is one. */
export function loadElkWorker(cache: Buffer | undefined = existsSync(ELK_CACHE) ? readFileSync(ELK_CACHE) : undefined): {
  readonly Worker: new () => InProcessWorker;
  readonly script: Script;
} {
  const require = createRequire(import.meta.url);
  const file = require.resolve('elkjs/lib/elk-worker.min.js');
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(source, { filename: file, ...(cache ? { cachedData: cache } : {}) });
  const module = { exports: {} as { Worker: new () => InProcessWorker } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, require, module, file, dirname(file));
  return { Worker: module.exports.Worker, script };
}

function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : 'the layout engine failed';
}

if (parentPort) {
  // The port layout-thread.ts hands over, or the thread's own.
  const port: MessagePort = (workerData as { port?: MessagePort } | null)?.port ?? parentPort;
  const { Worker } = loadElkWorker();
  const elk = new Worker();
  elk.onmessage = ({ data }) => {
    // A layout error is a Java exception object, which a message cannot carry: its text is sent instead.
    port.postMessage(data.error === undefined ? data : { id: data.id, error: errorText(data.error) });
  };
  port.on('message', (message: unknown) => elk.postMessage(message));
}
