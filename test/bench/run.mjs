// Benchmark: model loading, narrated traces and decision-only queries over the bundled models.
// Usage: npm run bench [-- --smoke] [-- --xl] [-- --matrix] [-- --out bench-results.json] [-- --baseline <git ref>]
// --matrix: the whole matrix and the incremental recheck (whose start is one matrix) at L and XL too (many minutes).
// The generated tenant sizes (S, M, L; XL with --xl; S only with --smoke) each run in a child process (size.mjs).
// With --baseline, the ref is built into .bench-baseline/ and its traces are measured in the same process, for ratios.
// Prints a table (median, p99 per operation) and writes JSON. Not a test: timings are never asserted.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadModelFromText } from '../../dist/load/index.js';
import { Simulator } from '../../dist/sim/engine.js';
import { check } from '../../dist/verify/scenario.js';
import { reachersOf, reachersOfEach } from '../../dist/symbolic/ports.js';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const smoke = process.argv.includes('--smoke');
const out = arg('--out') ?? 'bench-results.json';
const baselineRef = arg('--baseline');
const ITER = smoke ? 20 : 5000;

/** Builds a git ref into .bench-baseline/ (a detached worktree) and returns its modules. */
async function baseline(ref) {
  const dir = resolve('.bench-baseline');
  const sha = execFileSync('git', ['rev-parse', ref], { encoding: 'utf8' }).trim();
  if (existsSync(dir)) execFileSync('git', ['worktree', 'remove', '--force', dir]);
  execFileSync('git', ['worktree', 'add', '--detach', dir, sha], { stdio: 'ignore' });
  execFileSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', `${dir}/tsconfig.json`, '--outDir', `${dir}/dist`]);
  const url = (p) => pathToFileURL(`${dir}/dist/${p}`).href;
  return { sha: sha.slice(0, 12), load: await import(url('load/index.js')), engine: await import(url('sim/engine.js')) };
}

/** Medians and p99 of several operations measured in alternation, so that machine noise falls on all of them alike. */
function measureTogether(fns, iterations) {
  for (let i = 0; i < Math.min(500, iterations); i++) for (const fn of fns) fn();
  const samples = fns.map(() => new Float64Array(iterations));
  for (let i = 0; i < iterations; i++) {
    for (let j = 0; j < fns.length; j++) {
      const t = process.hrtime.bigint();
      fns[j]();
      samples[j][i] = Number(process.hrtime.bigint() - t) / 1000;
    }
  }
  return samples.map((s) => {
    s.sort();
    return { iterations, medianUs: s[Math.floor(iterations / 2)], p99Us: s[Math.min(iterations - 1, Math.floor(iterations * 0.99))] };
  });
}

function measure(fn, iterations) {
  return measureTogether([fn], iterations)[0];
}

const base = baselineRef ? await baseline(baselineRef) : null;
const rows = [];
for (const dir of readdirSync('models').sort()) {
  const file = `models/${dir}/model.yaml`;
  const text = readFileSync(file, 'utf8');
  rows.push({ op: `load ${dir}`, ...measure(() => loadModelFromText(file, text), Math.max(10, ITER / 20)) });
}

// One query per bundled expectation, on a reused simulator (the library's hot path): the narrated trace, the
// decision-only answer, and with --baseline the baseline's narrated trace.
// A load result's model: `{ ok, value }` since 0.2.0; a baseline before it returned `{ model }`.
const modelOf = (r) => ('ok' in r ? (r.ok ? r.value : undefined) : r.model);
const result = check(['scenarios']);
for (const s of result.scenarios) {
  const text = readFileSync(s.model, 'utf8');
  const sim = new Simulator(modelOf(loadModelFromText(s.model, text)));
  const baseSim = base ? new base.engine.Simulator(modelOf(base.load.loadModelFromText(s.model, text))) : null;
  for (const e of s.expectations) {
    const x = e.expectation;
    const q = { from: x.from, to: x.to, port: x.port, protocol: x.protocol };
    // A passing expectation keeps its decision only; the label's path count comes from tracing it here.
    const traced = e.status === 'error' ? undefined : sim.trace(q);
    const label = `${x.from}→${x.to}:${x.port} (${e.status === 'error' ? 'error' : e.result.verdict}, ${traced?.ok ? traced.value.traces.length : 0} path)`;
    const fns = [() => sim.trace(q), () => sim.decide(q), ...(baseSim ? [() => baseSim.trace(q)] : [])];
    const [t, d, b] = measureTogether(fns, ITER);
    const row = { op: `trace ${label}`, ...t };
    const decide = { op: `decide ${label}`, ...d };
    if (b) {
      row.baselineMedianUs = b.medianUs;
      row.ratio = row.medianUs / b.medianUs;
      decide.baselineMedianUs = b.medianUs;
      decide.ratio = decide.medianUs / b.medianUs;
    }
    rows.push(row, decide);
  }
}

/**
 * A seeded tenant for the all-ports analysis: `n` client instances over 20 subnets and 50 security groups (egress to
 * one of four ports each, SSH from their subnet), an endpoint to a shared load balancer with two members.
 */
function tenant(n) {
  let seed = 7;
  const rand = (k) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
  const port = () => [80, 443, 8080, 5432][rand(4)];
  const groups = Array.from({ length: 50 }, (_, g) => ({
    id: `sg${g}`,
    rules: [
      ...Array.from({ length: 3 }, () => ({ direction: 'egress', protocol: 'tcp', ports: port(), destination: '0.0.0.0/0' })),
      { direction: 'ingress', protocol: 'tcp', ports: 22, source: `10.0.${g % 20}.0/24` },
    ],
  }));
  groups.push({
    id: 'sg-b',
    rules: [
      { direction: 'ingress', protocol: 'tcp', ports: 8080, source: '198.19.128.0/17' },
      { direction: 'ingress', protocol: 'tcp', ports: 8080, source: '100.125.0.0/16' },
    ],
  });
  const instances = Array.from({ length: n }, (_, i) => ({
    id: `c${i}`,
    kind: 'ecs',
    subnet: `s${i % 20}`,
    ip: `10.0.${i % 20}.${10 + (Math.floor(i / 20) % 240)}`,
    securityGroups: [`sg${i % 50}`],
  }));
  for (const [id, ip] of [
    ['web1', '10.1.1.10'],
    ['web2', '10.1.1.11'],
  ])
    instances.push({ id, kind: 'ecs', subnet: 'p1', ip, securityGroups: ['sg-b'], listens: [8080] });
  return {
    region: 'r',
    vpcs: [
      {
        id: 'vc',
        account: 'a',
        cidr: '10.0.0.0/16',
        subnets: [...Array.from({ length: 20 }, (_, i) => ({ id: `s${i}`, cidr: `10.0.${i}.0/24` })), { id: 'se', cidr: '10.0.200.0/24' }],
      },
      { id: 'vp', account: 'b', cidr: '10.1.0.0/16', subnets: [{ id: 'p1', cidr: '10.1.1.0/24' }] },
    ],
    securityGroups: groups,
    instances,
    loadBalancers: [
      {
        id: 'lb',
        kind: 'shared',
        subnet: 'p1',
        ip: '10.1.1.100',
        listeners: [
          {
            id: 'l80',
            protocol: 'tcp',
            port: 80,
            members: [
              { instance: 'web1', port: 8080 },
              { instance: 'web2', port: 8080 },
            ],
          },
        ],
      },
    ],
    endpointServices: [
      {
        id: 'svc',
        vpc: 'vp',
        approval: false,
        permissions: ['iam:domain::a'],
        backend: { kind: 'elb', loadBalancer: 'lb' },
        portMappings: [
          { servicePort: 80, terminalPort: 443 },
          { servicePort: 80, terminalPort: 8443 },
        ],
      },
    ],
    endpoints: [{ id: 'ep', vpc: 'vc', subnet: 'se', ip: '10.0.200.50', service: 'svc' }],
  };
}

// All ports from every instance to one endpoint: one walk of the set driver from all of them, against every instance on its own
// (the naive baseline, in the same process). Up to 4,800 distinct addresses: 20 subnets × 240 hosts.
{
  const n = smoke ? 200 : 2000;
  const model = modelOf(loadModelFromText('tenant.json', JSON.stringify(tenant(n))));
  const sim = new Simulator(model);
  const [fast, naive] = measureTogether([() => reachersOf(sim, 'ep'), () => reachersOfEach(sim, 'ep')], smoke ? 3 : 21);
  rows.push({
    op: `analyze who reaches ep (${n + 2} instances)`,
    ...fast,
    baselineMedianUs: naive.medianUs,
    ratio: fast.medianUs / naive.medianUs,
    baseline: 'every instance on its own',
  });
}

// Growth of the YAML fast path on one long line of flow collections (each collection's close once scanned back to
// its line start: 9,500 lists in 1.3 MB took 9.9 s, twice as many 37 s). Doubled input, ratio of the medians.
{
  const doc = (n) =>
    `vpcs: [${Array.from({ length: n }, (_, i) => `[{ id: vpc-${i}, cidr: 10.${i % 250}.${i % 200}.0/24, subnets: [ { id: s-${i}, cidr: 10.0.0.0/24 } ], tags: { a: b } }]`).join(', ')}]\n`;
  const n = smoke ? 1000 : 9500;
  const [one, two] = [doc(n), doc(2 * n)];
  const [a, b] = measureTogether([() => loadModelFromText('flow.yaml', one), () => loadModelFromText('flow.yaml', two)], smoke ? 3 : 7);
  rows.push({ op: `YAML fast path: one line of ${n.toLocaleString('en-US')} flow lists (${(one.length / 2 ** 20).toFixed(1)} MiB)`, ...a });
  rows.push({
    op: `YAML fast path: one line of ${(2 * n).toLocaleString('en-US')} flow lists (${(two.length / 2 ** 20).toFixed(1)} MiB)`,
    ...b,
    growth: b.medianUs / a.medianUs,
  });
}

// Generated tenants, one child process per size (its peak RSS is its own).
const sizes = [];
for (const size of smoke ? ['s'] : ['s', 'm', 'l', ...(process.argv.includes('--xl') ? ['xl'] : [])]) {
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=8192', 'test/bench/size.mjs', size, ...(smoke ? ['--smoke'] : []), ...(process.argv.includes('--matrix') ? ['--matrix'] : [])],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`size ${size} failed: ${r.stderr}`);
  sizes.push(JSON.parse(r.stdout.trim().split('\n').at(-1)));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const summary = {};
for (const kind of ['trace', 'decide']) {
  const rs = rows.filter((r) => r.op.startsWith(`${kind} `));
  summary[kind] = { medianOfMediansUs: median(rs.map((r) => r.medianUs)), ...(base ? { medianRatio: median(rs.map((r) => r.ratio)) } : {}) };
}
const analyze = rows.find((r) => r.op.startsWith('analyze '));
if (analyze) summary.analyze = { medianUs: analyze.medianUs, everyInstanceMedianUs: analyze.baselineMedianUs, ratio: analyze.ratio };
const growth = rows.find((r) => r.growth !== undefined);
if (growth) summary.flowYamlGrowth = { doubledInput: Number(growth.growth.toFixed(2)) };
if (base)
  summary.baseline = {
    ref: baselineRef,
    sha: base.sha,
    medianOfMediansUs: median(rows.filter((r) => r.op.startsWith('trace ')).map((r) => r.baselineMedianUs)),
  };

const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version };
const peakRssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
const w = Math.max(...rows.map((r) => r.op.length));
console.log(
  `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; ${smoke ? 'smoke run' : 'full run'}${base ? `; baseline ${baselineRef} (${base.sha})` : ''}`,
);
console.log(
  `${'operation'.padEnd(w)}  ${'median µs'.padStart(10)}  ${'p99 µs'.padStart(10)}  ${'n'.padStart(6)}${base ? `  ${'baseline µs'.padStart(11)}  ${'ratio'.padStart(6)}` : ''}`,
);
for (const r of rows) {
  const extra = base && r.baselineMedianUs !== undefined ? `  ${r.baselineMedianUs.toFixed(1).padStart(11)}  ${r.ratio.toFixed(2).padStart(6)}` : '';
  console.log(`${r.op.padEnd(w)}  ${r.medianUs.toFixed(1).padStart(10)}  ${r.p99Us.toFixed(1).padStart(10)}  ${String(r.iterations).padStart(6)}${extra}`);
}
for (const [k, v] of Object.entries(summary)) console.log(`${k}: ${JSON.stringify(v)}`);
const fmt = (x, digits = 1) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(digits));
console.log('\ngenerated tenants (seed 1; naive = every flow traced on its own, extrapolated from the mean trace time):');
console.log(
  [
    'size',
    'instances',
    'rules',
    'load+validate s',
    'YAML load s',
    'TF state s',
    'TF import/validate CLI s',
    'decide p50/p99 µs',
    'who-reaches s',
    'naive s',
    'speed-up',
    'policy flows',
    'policy s',
    'speed-up',
    'matrix s',
    'speed-up',
    'diff A A s',
    'diff 1 rule s',
    'incr. start/step s',
    'lint s',
    'lint CLI text/json s',
    'RSS MiB',
  ]
    .map((h) => h.padStart(12))
    .join(' '),
);
for (const z of sizes) {
  console.log(
    [
      z.size,
      z.instances.toLocaleString('en-US'),
      z.rules.toLocaleString('en-US'),
      z.loadValidateS.toFixed(3),
      z.loadValidateYamlS.toFixed(3),
      z.loadTerraformStateS.toFixed(3),
      `${z.importTerraformCliS.toFixed(2)}/${z.validateTerraformCliS.toFixed(2)}`,
      `${z.decideP50Us.toFixed(1)}/${z.decideP99Us.toFixed(1)}`,
      z.whoReachesS.toFixed(3),
      fmt(z.whoReachesNaiveS),
      `${fmt(z.whoReachesSpeedup, 0)}×`,
      z.policyFlows.toExponential(2),
      z.policyS.toFixed(3),
      `${fmt(z.policySpeedup, 0)}×`,
      z.matrixS === null ? '—' : z.matrixS.toFixed(3),
      z.matrixSpeedup === null ? '—' : `${fmt(z.matrixSpeedup, 0)}×`,
      z.diffSameS.toFixed(3),
      z.diffOneRuleS.toFixed(3),
      z.incrementalStepP50S === null ? '—' : `${z.incrementalStartS.toFixed(2)}/${z.incrementalStepP50S.toFixed(3)}`,
      z.lintS.toFixed(3),
      `${z.lintCliTextS.toFixed(2)}/${z.lintCliS.toFixed(2)}`,
      z.peakRssMiB,
    ]
      .map((c) => String(c).padStart(12))
      .join(' '),
  );
}
console.log(`peak RSS ${peakRssMiB} MiB`);
// The HTML report of each tenant size: written by vpcreach, opened in Chromium (test/bench/report.mjs).
const reportRun = spawnSync(process.execPath, ['test/bench/report.mjs', ...(smoke ? ['s', '--smoke'] : ['s', 'm', 'l'])], { encoding: 'utf8' });
if (reportRun.status !== 0) throw new Error(`the report benchmark failed: ${reportRun.stderr}`);
const reports = JSON.parse(reportRun.stdout.trim().split('\n').at(-1));
console.log('\nHTML report (vpcreach report of 2 expectations per endpoint for 10 endpoints; opened from disk in Chromium):');
if (!Array.isArray(reports)) console.log(`  skipped: ${reports.skipped}`);
else
  for (const r of reports)
    console.log(`  ${r.size}: ${r.expectations} expectations, written in ${r.writeS.toFixed(2)} s, ${r.htmlKiB} KiB, opened in ${r.openS.toFixed(2)} s`);
// Start-up: whole processes of the built binary beside `node -e 0`, in alternation (medians of wall time).
const STARTUP = [
  ['node -e 0', ['-e', '0']],
  ['vpcreach --version', ['dist/cli/main.js', '--version']],
  ['vpcreach trace (seed model)', ['dist/cli/main.js', 'trace', 'models/seed-elb/model.yaml', '--from', 'ecs-client', '--to', 'ep-web', '--port', '8080']],
  ['vpcreach graph --format svg (seed model)', ['dist/cli/main.js', 'graph', 'models/seed-elb/model.yaml', '--format', 'svg']],
];
const startupRuns = smoke ? 2 : 11;
const walls = STARTUP.map(() => []);
for (let i = 0; i < startupRuns + 1; i++)
  STARTUP.forEach(([, args], j) => {
    const t = process.hrtime.bigint();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (i > 0) walls[j].push(Number(process.hrtime.bigint() - t) / 1e9);
  });
const startup = STARTUP.map(([command], j) => ({ command, medianS: median(walls[j]), vsNode: median(walls[j]) / median(walls[0]) }));
console.log(`\nStart-up (whole process, median wall of ${startupRuns} runs in alternation after one warm-up round):`);
for (const r of startup) console.log(`  ${r.command.padEnd(42)} ${r.medianS.toFixed(3)} s  ${r.vsNode.toFixed(2)}× node -e 0`);
writeFileSync(
  out,
  JSON.stringify({ machine, smoke, baseline: base ? { ref: baselineRef, sha: base.sha } : null, peakRssMiB, summary, rows, sizes, reports, startup }, null, 2) +
    '\n',
);
console.log(`wrote ${out}`);
