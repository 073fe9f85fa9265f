import { describe, expect, it } from 'vitest';
import { accessSync, chmodSync, constants, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { check } from '../../src/verify/scenario.js';
import { loadModel } from '../../src/load/index.js';
import { render, type Report } from '../../src/report/index.js';
import { loadHelp } from '../../src/cli/help.js';

/** Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool), when its binary runs on this platform. */
function multitool(): string | null {
  const bin = resolve(
    `node_modules/@microsoft/sarif-multitool-${process.platform === 'win32' ? 'win32' : process.platform}/Sarif.Multitool${process.platform === 'win32' ? '.exe' : ''}`,
  );
  if (!existsSync(bin)) return null;
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    // npm may not run the package's install script that marks the binary executable.
    chmodSync(bin, 0o755);
  }
  return spawnSync(bin, ['--version'], { encoding: 'utf8' }).status === 0 ? bin : null;
}

const BIN = multitool();
const dir = mkdtempSync(join(tmpdir(), 'vpcreach-sarif-'));
const options = { help: loadHelp(), toolVersion: '0.1.0' };

function sarifOf(report: Report): { runs: { results: { partialFingerprints: Record<string, string>; message: { text: string } }[] }[] } {
  return JSON.parse(render(report, 'sarif', options)) as never;
}

describe("SARIF passes Microsoft's SARIF Multitool validate", () => {
  it.skipIf(BIN === null)('check and validate reports, with files outside the working directory and whole-file problems: no errors', () => {
    const outside = join(dir, 'outside.yaml');
    writeFileSync(
      outside,
      `model: ${resolve('models/seed-elb/model.yaml')}\nexpectations:\n  - { name: unmapped, from: ecs-client, to: ep-web, port: 80, expect: reachable }\n`,
    );
    const reports: Report[] = [
      { kind: 'check', result: check(['scenarios/', 'test/fixtures/failing-scenario.yaml', outside]) },
      {
        kind: 'validate',
        files: ['test/fixtures/ten-mistakes.yaml', join(dir, 'missing.yaml')].map((file) => ({ file, valid: false, diagnostics: loadModel(file).diagnostics })),
      },
    ];
    for (const [i, report] of reports.entries()) {
      const input = join(dir, `in-${i}.sarif`);
      const output = join(dir, `out-${i}.sarif`);
      writeFileSync(input, render(report, 'sarif', options));
      const r = spawnSync(BIN!, ['validate', input, '-o', output], { encoding: 'utf8' });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      type Out = {
        runs: {
          tool: { driver: { rules?: { defaultConfiguration?: { level?: string } }[] } };
          results: { ruleId: string; ruleIndex?: number; level?: string; message: { id?: string } }[];
        }[];
      };
      const run = (JSON.parse(readFileSync(output, 'utf8')) as Out).runs[0]!;
      const level = (x: Out['runs'][number]['results'][number]): string =>
        x.level ?? run.tool.driver.rules?.[x.ruleIndex ?? -1]?.defaultConfiguration?.level ?? 'warning';
      expect(run.results.filter((x) => level(x) === 'error').map((x) => `${x.ruleId} ${x.message.id ?? ''}`)).toEqual([]);
      // The one warning allowed: a problem with a whole file (it does not exist) has no region to point at.
      expect(run.results.filter((x) => level(x) !== 'error').map((x) => x.ruleId)).toEqual(i === 1 ? ['SARIF2017'] : []);
    }
  });
  if (BIN === null) it('(the Multitool cannot run on this platform: its validation was skipped)', () => expect(BIN).toBeNull());
});

describe('SARIF results', () => {
  it('say the fix in the message, and keep their fingerprint when an expectation is inserted above', () => {
    const file = join(dir, 'fp.yaml');
    const line = '  - { name: closed port, from: ecs-client, to: ep-web, port: 80, expect: reachable }\n';
    writeFileSync(file, `model: ${resolve('models/seed-elb/model.yaml')}\nexpectations:\n${line}`);
    const before = sarifOf({ kind: 'check', result: check([file]) }).runs[0]!.results[0]!;
    writeFileSync(
      file,
      `model: ${resolve('models/seed-elb/model.yaml')}\nexpectations:\n  - { name: web, from: ecs-client, to: ep-web, port: 8080, expect: unreachable }\n${line}`,
    );
    const after = sarifOf({ kind: 'check', result: check([file]) }).runs[0]!.results;
    expect(after).toHaveLength(2);
    expect(after.map((r) => r.partialFingerprints)).toContainEqual(before.partialFingerprints);
    const failing = sarifOf({ kind: 'check', result: check(['test/fixtures/failing-scenario.yaml']) }).runs[0]!.results.find((r) =>
      r.message.text.includes('Fix: '),
    );
    expect(failing?.message.text).toMatch(/\. Fix: /);
  });
});
