import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/verify/scenario.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/verify/scenario.js')>()),
  checkSteps: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  },
}));

const { runCli } = await import('../../src/cli/run.js');

describe('an unexpected internal error', () => {
  it('prints a short message asking for a report, no stack trace, and exits 2', async () => {
    let out = '';
    let err = '';
    const code = await runCli(['check', 'scenarios/'], { out: (s) => (out += s), err: (s) => (err += s) });
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      "vpcreach: internal error: Cannot read properties of undefined (reading 'x')\nThis is a bug in vpcreach; please report it together with the input that caused it.\n",
    );
  });
});
