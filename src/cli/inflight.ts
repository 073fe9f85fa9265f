import { rmSync } from 'node:fs';
import { isMainThread, parentPort } from 'node:worker_threads';

/** Temporary files being written right now, removed if the process is told to stop. */
const inFlight = new Set<string>();

/** Records a temporary file that is being written. */
export function track(tmp: string): void {
  inFlight.add(tmp);
  // On the worker that runs a command, the main thread (which handles signals) keeps the list.
  if (!isMainThread) parentPort?.postMessage({ type: 'track', file: tmp });
}

/** Forgets a temporary file (renamed into place, or removed). */
export function untrack(tmp: string): void {
  inFlight.delete(tmp);
  if (!isMainThread) parentPort?.postMessage({ type: 'untrack', file: tmp });
}

/** Removes any temporary file still being written (for signal handlers). */
export function abandonWrites(): void {
  for (const tmp of inFlight) rmSync(tmp, { force: true });
  inFlight.clear();
}
