// The HTML report of a generated tenant: how long `vpcreach report` takes to write it, how large it is, and how long
// Chromium takes to open it from disk (navigation start until the page's script has selected an expectation and
// drawn its path). The scenario: for the first ten endpoints, one instance of the endpoint's VPC on the first mapped
// port (expect reachable) and the instance's whole subnet (expect some).
// Usage: node test/bench/report.mjs [sizes...] [--smoke]   (default: s m l; --smoke: one run of each). Prints one JSON line. Needs Debian's chromium.
// Not a test: nothing is asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { formatTenant, generateTenant } from '../../dist/generate/tenant.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const smoke = process.argv.includes('--smoke');
const given = process.argv.slice(2).filter((a) => a !== '--smoke');
const sizes = given.length ? given : ['s', 'm', 'l'];
/** Runs of each measurement: one in a smoke run (it proves the measurement works), three otherwise. */
const reps = smoke ? 1 : 3;
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (t) => Number(process.hrtime.bigint() - t) / 1e9;

if (!existsSync(CHROMIUM)) {
  console.log(JSON.stringify({ skipped: `no Chromium at ${CHROMIUM}` }));
  process.exit(0);
}
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = [];
for (const size of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'vpcreach-report-bench-'));
  const tenant = generateTenant({ size, seed: 1 });
  writeFileSync(join(dir, 'tenant.json'), formatTenant(tenant, 'json'));
  const lines = [];
  for (const ep of tenant.endpoints.slice(0, 10)) {
    const svc = tenant.endpointServices.find((s) => s.id === ep.service);
    const subnets = tenant.vpcs.find((v) => v.id === ep.vpc).subnets.map((s) => s.id);
    const inst = tenant.instances.find((i) => subnets.includes(i.subnet));
    const port = svc.portMappings[0].terminalPort;
    lines.push(`  - { name: ${inst.id} reaches ${ep.id}, from: ${inst.id}, to: ${ep.id}, port: ${port}, expect: reachable }`);
    lines.push(`  - { name: subnet ${inst.subnet} reaches ${ep.id}, from: ${inst.subnet}, to: ${ep.id}, port: ${port}, expect: some }`);
  }
  writeFileSync(join(dir, 'scenario.yaml'), `model: tenant.json\nexpectations:\n${lines.join('\n')}\n`);
  const page = join(dir, 'report.html');
  const write = [];
  for (let i = 0; i < reps; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, 'report', join(dir, 'scenario.yaml'), '-o', page, '--force', '--max-values', '20000000'], { stdio: 'ignore' });
    write.push(seconds(t));
    if (r.status !== 0 && r.status !== 1) throw new Error(`vpcreach report exited ${r.status}`);
  }
  const open = [];
  for (let i = 0; i < reps; i++) {
    const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const t = process.hrtime.bigint();
    await p.goto(pathToFileURL(page).href, { waitUntil: 'load' });
    await p.locator('button.x[aria-pressed="true"]').first().waitFor();
    open.push(seconds(t));
    await p.close();
  }
  results.push({
    size,
    instances: tenant.instances.length,
    expectations: lines.length,
    writeS: median(write),
    htmlKiB: Math.round(statSync(page).size / 1024),
    openS: median(open),
  });
  rmSync(dir, { recursive: true, force: true });
}
await browser.close();
console.log(JSON.stringify(results));
