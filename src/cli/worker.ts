// The command itself, on a thread of its own: the main thread stays free to handle SIGINT and SIGTERM at once,
// however long the computation runs without yielding (an analysis of a large tenant), and to stop it.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { adoptLayoutThread } from '../report/picture/layout-thread.js';
import type { ToMain } from './main.js';

const port = parentPort!;
const post = (m: ToMain): void => port.postMessage(m);
const encoder = new TextEncoder();
/** Text for a stream, as UTF-8 bytes in a buffer of their own, handed over to the main thread (not copied). */
const send = (type: 'out' | 'err', text: string): void => {
  const bytes = encoder.encode(text);
  port.postMessage({ type, bytes } satisfies ToMain, [bytes.buffer]);
};
const { argv, width, progress, layout } = workerData as { argv: string[]; width?: number; progress: boolean; layout?: MessagePort };
if (layout) adoptLayoutThread(layout);
const { runCli } = await import('./run.js');
const code = await runCli(argv, {
  out: (s) => send('out', s),
  err: (s) => send('err', s),
  ...(width ? { width } : {}),
  ...(progress ? { progress: (line: string | null) => post({ type: 'progress', line }) } : {}),
});
post({ type: 'done', code });
