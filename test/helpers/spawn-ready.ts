import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(process.cwd(), 'dist/cli/main.js');
const READY = '\u0000handles SIGINT\n';
// Loaded before the CLI (`node --import`): says on standard error when the CLI registers its SIGINT handler, so that
// a test sends its signal to a process that has finished starting (a signal that arrives earlier, on a loaded
// machine, meets Node's default disposition, and the test would say nothing about the CLI's own handling).
const HOOK = `const on = process.on; process.on = function (e, f) { const r = on.call(this, e, f); if (e === 'SIGINT') process.stderr.write(${JSON.stringify(READY)}); return r; };`;

/** The CLI in a process of its own; `ready` settles once it handles SIGINT and SIGTERM, `exited` when it ends. */
export function spawnCli(args: readonly string[]): {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<{ readonly code: number | null; readonly at: number }>;
} {
  const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(HOOK)}`, BIN, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString('utf8');
      if (err.includes(READY)) resolve();
    });
    child.on('exit', () => reject(new Error(`the CLI ended before it handled signals: ${err}`)));
  });
  const exited = new Promise<{ code: number | null; at: number }>((r) => child.on('exit', (code) => r({ code, at: Date.now() })));
  return { child, ready, exited };
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
