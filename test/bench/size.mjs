// One benchmark size in a process of its own (so that its peak RSS is its own): generate the tenant, then measure
// load + validate, decision-only queries, who-can-reach one endpoint on every port, and a policy over a VPC, each
// beside a naive baseline (every flow traced on its own, extrapolated from a sample where it would take hours).
// Usage: node test/bench/size.mjs <s|m|l|xl> [--smoke]   Prints one JSON line. Not a test: nothing is asserted.
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTenant, formatTenant } from '../../dist/generate/tenant.js';
import { loadModelFromText } from '../../dist/load/index.js';
import { Simulator } from '../../dist/sim/engine.js';
import { reachersOf } from '../../dist/symbolic/ports.js';
import { checkPolicy } from '../../dist/symbolic/policy.js';
import { diffModels } from '../../dist/symbolic/diff.js';
import { reachabilityMatrix } from '../../dist/symbolic/matrix.js';
import { IncrementalAnalysis } from '../../dist/symbolic/incremental.js';
import { buildOneSecurityGroup } from '../../dist/load/model/one-group.js';
import { lint } from '../../dist/lint/index.js';

const size = process.argv[2];
const smoke = process.argv.includes('--smoke');
const seconds = (t) => Number(process.hrtime.bigint() - t) / 1e9;
const medianOf = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

function timed(fn, runs) {
  const times = [];
  let value;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    value = fn();
    times.push(seconds(t));
  }
  return { medianS: medianOf(times), runs, value };
}

const runsFor = { s: 15, m: 7, l: 3, xl: 1 }[size] ?? 1;
// `vpcreach lint <file> --format json` end to end (start-up, read, load, every rule, output written to a pipe that
// is drained), the tenant's JSON in a temporary file; measured first, while this process is still small: the tenant
// is written by `vpcreach generate` in a child of its own (a child run beside a parent holding gigabytes measured up
// to 1.5x slower, and beside a parent that had just generated the tenant itself, 1.2x: its garbage collector's
// background threads were still at work on the other core).
const limits = { maxValues: 20_000_000 };
const lintDir = mkdtempSync(join(tmpdir(), 'vpcreach-bench-'));
const lintFile = join(lintDir, `tenant-${size}.json`);
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
if (spawnSync(process.execPath, [cli, 'generate', '--size', size, '--seed', '1', '-o', lintFile], { stdio: 'ignore' }).status !== 0)
  throw new Error(`vpcreach generate --size ${size} failed`);
const lintRun = (format) =>
  timed(
    () => {
      const r = spawnSync(process.execPath, [cli, 'lint', lintFile, '--format', format, '--max-values', String(limits.maxValues)], {
        stdio: ['ignore', 'pipe', 'ignore'],
        maxBuffer: 2 ** 31,
      });
      if (r.status !== 0 && r.status !== 1) throw new Error(`vpcreach lint exited ${r.status}`);
    },
    smoke ? 1 : Math.min(runsFor, 3),
  );
const lintCliText = lintRun('text');
const lintCli = lintRun('json');
// The same tenant as a Terraform state (`vpcreach generate --format terraform-state`): `vpcreach import terraform
// state.json -o model.yaml` and `vpcreach validate state.json` end to end (start-up, reading the file, parse,
// translation, validation; the model file written), in children of a still small parent, like the lint runs.
const stateFile = join(lintDir, `tenant-${size}.tfstate.json`);
if (
  spawnSync(process.execPath, [cli, 'generate', '--size', size, '--seed', '1', '--format', 'terraform-state', '-o', stateFile], { stdio: 'ignore' }).status !==
  0
)
  throw new Error(`vpcreach generate --size ${size} --format terraform-state failed`);
const bigInput = ['--max-file-size', '1GiB', '--max-values', String(limits.maxValues)];
const stateRun = (args, ok) =>
  timed(
    () => {
      const r = spawnSync(process.execPath, [cli, ...args, ...bigInput], { stdio: 'ignore' });
      if (r.status !== ok) throw new Error(`vpcreach ${args.join(' ')} exited ${r.status}`);
    },
    smoke ? 1 : Math.min(runsFor, 3),
  );
const importCli = stateRun(['import', 'terraform', stateFile, '-o', join(lintDir, 'imported.yaml'), '--force'], 0);
const validateStateCli = stateRun(['validate', stateFile], 0);
// The import itself (parse, translate, validate; the file already read) in a process that holds nothing else.
const stateLoadRun = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('load-state.mjs', import.meta.url)), stateFile, String(smoke ? 1 : Math.min(runsFor, 5))],
  { encoding: 'utf8' },
);
if (stateLoadRun.status !== 0) throw new Error(`the state did not load: ${stateLoadRun.stderr}`);
const loadState = JSON.parse(stateLoadRun.stdout);
const terraformStateBytes = statSync(stateFile).size;
const text = readFileSync(lintFile, 'utf8');
rmSync(lintDir, { recursive: true, force: true });
const tenant = generateTenant({ size, seed: 1 });
if (text !== formatTenant(tenant, 'json')) throw new Error('vpcreach generate wrote another tenant than generateTenant');
// Load and validate the JSON text (the file read itself is excluded: it is the same for every tool).
const load = timed(() => loadModelFromText(`tenant-${size}.json`, text, limits), smoke ? 1 : runsFor);
// The same tenant as YAML (one list item per line, as `vpcreach generate` writes it), read on the fast YAML path.
const yamlText = formatTenant(tenant, 'yaml');
const loadYaml = timed(() => loadModelFromText(`tenant-${size}.yaml`, yamlText, limits), smoke ? 1 : runsFor);
if (!loadYaml.value.ok) throw new Error(`the ${size} tenant did not load from YAML: ${loadYaml.value.diagnostics[0]?.message}`);
const model = load.value.value;
if (!model) throw new Error(`the ${size} tenant did not load: ${load.value.diagnostics[0]?.message}`);
const sim = new Simulator(model);

// A seeded sample of flows: instance to endpoint, load balancer or instance of its own VPC, on ports the model uses.
let seed = 11;
const rand = (k) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
const instances = [...model.instances.values()];
const byVpc = new Map();
for (const r of [...model.endpoints.values(), ...model.loadBalancers.values(), ...model.instances.values()]) {
  (byVpc.get(r.vpc) ?? byVpc.set(r.vpc, []).get(r.vpc)).push(r.id);
}
const PORTS = [22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9000, 9092, 9100, 1234];
const flows = Array.from({ length: smoke ? 200 : 4000 }, () => {
  const from = instances[rand(instances.length)];
  const tos = byVpc.get(from.vpc);
  return { from: from.id, to: tos[rand(tos.length)], port: PORTS[rand(PORTS.length)], protocol: 'tcp' };
});
// Each flow once cold (the first query of a group list, ACL or listener compiles its rules), then once warm: p50
// and p99 over distinct flows.
const coldUs = [];
for (const q of flows) {
  const t = process.hrtime.bigint();
  sim.decide(q);
  coldUs.push(Number(process.hrtime.bigint() - t) / 1000);
}
coldUs.sort((a, b) => a - b);
// Warm: decisions alone, then traces alone (interleaving them measures each one's cache misses after the other).
const decideUs = [];
for (const q of flows) {
  const t = process.hrtime.bigint();
  sim.decide(q);
  decideUs.push(Number(process.hrtime.bigint() - t) / 1000);
}
const traceUs = [];
for (const q of flows) sim.trace(q);
for (const q of flows) {
  const t = process.hrtime.bigint();
  sim.trace(q);
  traceUs.push(Number(process.hrtime.bigint() - t) / 1000);
}
decideUs.sort((a, b) => a - b);
traceUs.sort((a, b) => a - b);
const traceMeanS = traceUs.reduce((a, b) => a + b, 0) / traceUs.length / 1e6;

// Who can reach one endpoint, every port of both protocols; naive: every instance × 131,070 ports traced.
const ep = [...model.endpoints.keys()][0];
const who = timed(() => reachersOf(sim, ep), smoke ? 1 : runsFor);
const naiveWhoS = instances.length * 131_070 * traceMeanS;

// A policy: every instance of the first VPC to every destination in it, on every TCP port; naive: every flow traced.
const vpc = [...model.vpcs.keys()][0];
const policyQuery = { from: vpc, to: vpc, ports: [{ lo: 1, hi: 65535 }], protocol: 'tcp', expect: 'unreachable', codes: null };
const policy = timed(() => checkPolicy(sim, policyQuery), smoke ? 1 : Math.max(1, runsFor - 2));
const p = policy.value.value;
const naivePolicyS = p.flows * traceMeanS;

// diff: the model against itself, and against a copy with one rule of one tier group turned into a deny.
const doc = JSON.parse(text);
const group = doc.securityGroups.find((g) => g.id.endsWith('-sg-002'));
group.rules[1] = { ...group.rules[1], action: 'deny' };
const changedSim = new Simulator(loadModelFromText(`tenant-${size}-changed.json`, JSON.stringify(doc), limits).value);
// Medians of 3 (the first of them cold: a diff in a CLI run is), 1 in the smoke run.
const diffSame = timed(() => diffModels(sim, sim), smoke ? 1 : 3);
const diffOne = timed(() => diffModels(sim, changedSim), smoke ? 1 : 3);

// The whole matrix (every VPC block, every port of both protocols); naive: every routable (instance, destination)
// pair × 131,070 ports traced. Measured for S and M; L and XL only with --matrix (it takes many minutes there).
let matrix = null;
if (size === 's' || size === 'm' || process.argv.includes('--matrix')) {
  const t = process.hrtime.bigint();
  const mr = reachabilityMatrix(sim);
  const s = seconds(t);
  const pairs = mr.value.blocks.reduce((n, b) => n + b.sources * b.cells.length, 0);
  matrix = { s, routablePairs: pairs, naiveS: pairs * 131_070 * traceMeanS };
}

// Incremental recheck: its start (the whole matrix, walked once to index what each cell reads), then one rule's
// action flipped per step (a tier group's second rule), the delta of each step. Measured where the matrix is (S and
// M; L and XL only with --matrix): the start is one.
let incremental = null;
if (matrix) {
  const t0 = process.hrtime.bigint();
  const inc = IncrementalAnalysis.fromDocument(
    JSON.parse(text),
    (d) => loadModelFromText(`tenant-${size}.json`, JSON.stringify(d), limits),
    (d, i, m) => buildOneSecurityGroup(`tenant-${size}.json`, d, i, m),
  ).value;
  const startS = seconds(t0);
  const incGroup = JSON.parse(text).securityGroups.find((g) => g.id.endsWith('-sg-002'));
  const stepTimes = [];
  for (let k = 0; k < (smoke ? 1 : { s: 9, m: 9, l: 5, xl: 3 }[size]); k++) {
    const rule = { ...incGroup.rules[1], action: k % 2 === 0 ? 'deny' : 'allow' };
    const t = process.hrtime.bigint();
    const r = inc.apply({ kind: 'modify-rule', group: incGroup.id, index: 1, rule });
    stepTimes.push(seconds(t));
    if (!r.ok) throw new Error(r.error.message);
  }
  incremental = { startS, stepP50S: medianOf(stepTimes), steps: stepTimes.length };
}

// Lint: every rule on the loaded model.
const linted = timed(() => lint(model), smoke ? 1 : Math.min(runsFor, 3));

const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    size,
    instances: instances.length,
    rules: [...model.securityGroups.values()].reduce((n, g) => n + g.rules.length, 0),
    bytes: Buffer.byteLength(text),
    loadValidateS: load.medianS,
    loadRuns: load.runs,
    loadValidateYamlS: loadYaml.medianS,
    loadTerraformStateS: loadState.medianS,
    terraformStateBytes,
    importTerraformCliS: importCli.medianS,
    validateTerraformCliS: validateStateCli.medianS,
    decideP50Us: quantile(decideUs, 0.5),
    decideP99Us: quantile(decideUs, 0.99),
    decideColdP50Us: quantile(coldUs, 0.5),
    decideColdP99Us: quantile(coldUs, 0.99),
    traceP50Us: quantile(traceUs, 0.5),
    traceMeanUs: traceMeanS * 1e6,
    whoReachesS: who.medianS,
    whoReachesNaiveS: naiveWhoS,
    whoReachesSpeedup: naiveWhoS / who.medianS,
    policyFlows: p.flows,
    policyS: policy.medianS,
    policyNaiveS: naivePolicyS,
    policySpeedup: naivePolicyS / policy.medianS,
    matrixS: matrix?.s ?? null,
    matrixNaiveS: matrix?.naiveS ?? null,
    matrixSpeedup: matrix ? matrix.naiveS / matrix.s : null,
    lintS: linted.medianS,
    lintCliS: lintCli.medianS,
    lintCliTextS: lintCliText.medianS,
    lintFindings: linted.value.length,
    incrementalStartS: incremental?.startS ?? null,
    incrementalStepP50S: incremental?.stepP50S ?? null,
    incrementalSteps: incremental?.steps ?? 0,
    diffSameS: diffSame.medianS,
    diffOneRuleS: diffOne.medianS,
    diffOneRuleChanges: diffOne.value.changes.length,
    diffOneRuleLostFlows: diffOne.value.lostFlows,
    peakRssMiB: Math.round(usage.maxRSS / 1024),
  }),
);
