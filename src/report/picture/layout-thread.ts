// ELK's thread (elk-thread.ts): started by whoever knows first that a picture will be laid out. The command-line
// program's main thread starts it before the command's own thread when the command line asks for a picture, so that
// ELK loads and warms up (about 0.2 s) while the command starts and reads its model.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/** Starts ELK's thread; the port talks to it. Neither keeps the process alive by itself. */
export function startLayoutThread(): MessagePort {
  const { port1, port2 } = new MessageChannel();
  // Beside this module once built; run from the TypeScript sources (as the test suite does), the built one.
  const script = import.meta.url.endsWith('.ts')
    ? new URL('../../../dist/report/picture/elk-thread.js', import.meta.url)
    : new URL('./elk-thread.js', import.meta.url);
  const thread = new Worker(script, { workerData: { port: port2 }, transferList: [port2] });
  thread.unref();
  return port1;
}

let started: MessagePort | undefined;

/** Hands over a thread started elsewhere (by the main thread, for the command's thread). */
export function adoptLayoutThread(port: MessagePort): void {
  started = port;
}

/** The port of ELK's thread: the one handed over, or a new thread. */
export function layoutThread(): MessagePort {
  started ??= startLayoutThread();
  return started;
}
