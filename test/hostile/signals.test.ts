import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTenant, generateTenant } from '../../src/generate/tenant.js';
import { IN_PROCESS_BYTES, inProcess, stopsWhenOutputCloses } from '../../src/cli/in-process.js';
import { sleep, spawnCli } from '../helpers/spawn-ready.js';

const BIN = join(process.cwd(), 'dist/cli/main.js');

/**
 * A computation that never yields to the event loop (the whole-tenant analysis of a generated M tenant takes tens of
 * seconds here) still stops within about a second of Ctrl-C or SIGTERM: the command runs on a worker thread and the
 * main thread, free to handle the signal, stops it. Exit 130/143, no temporary file left.
 */
describe('Ctrl-C and SIGTERM stop a long run at once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcreach-signals-'));
  const model = join(dir, 'm.yaml');
  writeFileSync(model, formatTenant(generateTenant({ size: 'm', seed: 1 }), 'yaml'));

  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} during analyze of a large tenant: exit ${code} within about a second`, async () => {
      const { child, ready, exited } = spawnCli(['analyze', model, '--format', 'json']);
      // Well after loading (about 0.6 s here): the analysis is computing.
      await ready;
      await sleep(1500);
      const sent = Date.now();
      child.kill(signal);
      const end = await exited;
      expect(end.code).toBe(code);
      // Measured here: well under 0.2 s; the bound leaves room for a loaded CI machine.
      expect(end.at - sent).toBeLessThan(1500);
      expect(readdirSync(dir)).toEqual(['m.yaml']);
    });
  }
});

/**
 * `vpcreach analyze … | head`: when standard output is its only destination, the analysis stops as soon as the reader
 * goes away (its exit status is decided before it writes anything), instead of computing the rest for nobody.
 */
describe('analyze into a closed pipe stops at once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcreach-pipe-'));
  const model = join(dir, 'm.yaml');
  writeFileSync(model, formatTenant(generateTenant({ size: 'm', seed: 1 }), 'yaml'));
  const run = (pipe: string): { status: string; stderr: string; s: number } => {
    const t = Date.now();
    const r = spawnSync('bash', ['-c', `node '${BIN}' analyze '${model}' --format json 2>"$ERR" ${pipe}; echo "\${PIPESTATUS[0]}"`], {
      encoding: 'utf8',
      env: { ...process.env, ERR: join(dir, 'stderr.txt') },
    });
    return { status: r.stdout.trim().split('\n').at(-1)!, stderr: readFileSync(join(dir, 'stderr.txt'), 'utf8'), s: (Date.now() - t) / 1000 };
  };

  it('exit 0, nothing on standard error, in less than half the time of a run read to the end', () => {
    const full = run('> /dev/null');
    const closed = run('| head -c 1 > /dev/null');
    expect([full.status, full.stderr]).toEqual(['0', '']);
    expect([closed.status, closed.stderr]).toEqual(['0', '']);
    // Measured here: 0.65 s against 6.9 s; a relative bound, for a loaded machine.
    expect(closed.s).toBeLessThan(full.s / 2);
  });

  it('which runs stop: analyze to standard output only; with a file to write, or any other command, the run goes on', () => {
    expect(stopsWhenOutputCloses(['analyze', 'm.yaml'])).toBe(true);
    expect(stopsWhenOutputCloses(['analyze', 'm.yaml', '--format', 'json'])).toBe(true);
    expect(stopsWhenOutputCloses(['analyze', 'm.yaml', '--format', 'json', '--output', 'a.json', '--format', 'text'])).toBe(false);
    expect(stopsWhenOutputCloses(['analyze', 'm.yaml', '-o', 'a.txt'])).toBe(false);
    expect(stopsWhenOutputCloses(['analyze', 'm.yaml', '--output=a.txt'])).toBe(false);
    for (const command of ['check', 'lint', 'validate', 'diff', 'trace', 'graph', 'report']) expect(stopsWhenOutputCloses([command, 'x'])).toBe(false);
  });
});

/**
 * A trace or a validation of small files runs on the main thread (no worker to start: its time is bounded by its
 * small input, so a signal waits a fraction of a second at most); of a large model it runs on the worker, and a signal
 * stops it mid-load.
 */
describe('short commands in-process, large ones on the worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcreach-inprocess-'));
  const large = join(dir, 'large.yaml');
  writeFileSync(large, formatTenant(generateTenant({ size: 'm', seed: 1 }), 'yaml'));

  it('a trace of a bundled model prints what runCli prints, with its exit status', async () => {
    const args = ['trace', 'models/misconfigurations/model.yaml', '--from', 'ecs-client', '--to', 'ep-whitelisted', '--port', '9443', '--all-blockers'];
    const { cli } = await import('../helpers/cli.js');
    const inside = await cli(args);
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    expect([r.status, r.stdout, r.stderr]).toEqual([inside.code, inside.out, inside.err]);
    expect(r.status).toBe(1);
  });

  it('which runs where: trace and validate of files up to 256 KiB in-process; a large model, a directory, every other command on the worker', () => {
    expect(inProcess(['trace', 'models/seed-elb/model.yaml', '--from', 'ecs-client', '--to', 'ep-web', '--port', '8080'])).toBe(true);
    expect(inProcess(['validate', 'models/seed-elb/model.yaml', 'models/misconfigurations/model.yaml', '--format', 'sarif'])).toBe(true);
    expect(inProcess(['trace', large, '--from', 'a', '--to', 'b', '--port', '1'])).toBe(false);
    expect(inProcess(['validate', 'models/'])).toBe(false);
    expect(inProcess(['validate', 'no-such-file.yaml'])).toBe(false);
    expect(inProcess(['analyze', 'models/seed-elb/model.yaml'])).toBe(false);
    expect(inProcess(['lint', 'models/seed-elb/model.yaml'])).toBe(false);
    expect(statSync(large).size).toBeGreaterThan(IN_PROCESS_BYTES);
  });

  it('SIGINT while a large model loads for a trace: exit 130 within about a second, nothing left behind', async () => {
    const { child, ready, exited } = spawnCli(['trace', large, '--from', 'vpc-00-ecs-00000', '--to', 'vpc-00-ecs-00001', '--port', '22']);
    // The whole trace takes about 0.6 s here, the start-up about 0.1 s of it: the worker is loading the model.
    await ready;
    await sleep(100);
    const sent = Date.now();
    child.kill('SIGINT');
    const end = await exited;
    expect(end.code).toBe(130);
    expect(end.at - sent).toBeLessThan(1500);
    expect(readdirSync(dir)).toEqual(['large.yaml']);
  });
});
