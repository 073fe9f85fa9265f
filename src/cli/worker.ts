// The command itself, on a thread of its own: the main thread stays free to handle SIGINT and SIGTERM at once,
// however long the computation runs without yielding (an analysis of a large tenant), and to stop it.
import { parentPort, workerData } from 'node:worker_threads';
import type { ToMain } from './main.js';

const port = parentPort!;
const post = (m: ToMain): void => port.postMessage(m);
const { argv, width, progress } = workerData as { argv: string[]; width?: number; progress: boolean };
const { runCli } = await import('./run.js');
const code = await runCli(argv, {
  out: (s) => post({ type: 'out', text: s }),
  err: (s) => post({ type: 'err', text: s }),
  ...(width ? { width } : {}),
  ...(progress ? { progress: (line: string | null) => post({ type: 'progress', line }) } : {}),
});
post({ type: 'done', code });
