import { describe, expect } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadModelFromText, loadModel, UNREADABLE_CODES } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { reachersOf } from '../../src/symbolic/ports.js';
import { runCli } from '../../src/cli/run.js';
import { assertWellFormed } from '../helpers/invariants.js';
import { BIG_INPUTS, PEAK_RSS_BOUND_MIB, runMeasured } from '../helpers/big-inputs.js';
import { applyBytes, applyTokens, argvArb, byteMutationArb, runs, tokenMutationArb, validModelArb } from './arbitraries.js';
import { modelOf, unreadable } from '../helpers/model.js';

const dir = mkdtempSync(join(tmpdir(), 'vpcreach-fuzz-'));
const MODELS = readdirSync('models').map((d) => `models/${d}/model.yaml`);
const SCENARIOS = readdirSync('scenarios').map((f) => `scenarios/${f}`);
/** Bundled inputs as bytes; scenarios with their model path made absolute so that valid mutants run. */
const INPUTS: { kind: 'model' | 'scenario'; bytes: Buffer }[] = [
  ...MODELS.map((f) => ({ kind: 'model' as const, bytes: readFileSync(f) })),
  ...SCENARIOS.map((f) => ({
    kind: 'scenario' as const,
    bytes: Buffer.from(readFileSync(f, 'utf8').replace(/^model: (.*)$/m, (_, p: string) => `model: ${resolve('scenarios', p)}`)),
  })),
];

const RANK = { unreachable: 0, partial: 1, reachable: 2 } as const;

/** Process warnings (e.g. from a library) would reach the user's terminal unlocated: none may be emitted. */
const warnings: string[] = [];
process.on('warning', (w) => warnings.push(w.message));
const STACK = /\n\s+at .+:\d+:\d+/;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

let counter = 0;
function tmpFile(bytes: Buffer | string): string {
  const p = join(dir, `case-${counter++ % 64}.yaml`);
  writeFileSync(p, bytes);
  return p;
}

describe('fuzz: random valid models', () => {
  test.prop(
    [
      validModelArb,
      fc.array(fc.record({ from: fc.nat(), to: fc.nat(), port: fc.constantFrom(22, 80, 81, 443, 5432, 8080, 9999), udp: fc.boolean() }), {
        minLength: 1,
        maxLength: 6,
      }),
    ],
    runs(150),
  )('pass validation, trace well formed and deterministic, and opening every group never makes a flow less reachable', (doc, flows) => {
    const r = loadModelFromText('random.json', JSON.stringify(doc));
    expect(
      r.diagnostics.filter((d) => d.severity === 'error'),
      JSON.stringify(r.diagnostics.slice(0, 3)),
    ).toEqual([]);
    const model = modelOf(r)!;
    const opened = modelOf(
      loadModelFromText(
        'opened.json',
        JSON.stringify({
          ...doc,
          securityGroups: doc.securityGroups.map((g) => ({
            ...g,
            rules: [...g.rules, { direction: 'ingress', protocol: 'any', priority: 100 }, { direction: 'egress', protocol: 'any', priority: 100 }],
          })),
        }),
      ),
    )!;
    const sim = new Simulator(model);
    const openSim = new Simulator(opened);
    const from = [...model.instances.keys()];
    const to = [...model.endpoints.keys(), ...model.instances.keys(), ...model.loadBalancers.keys()];
    for (const f of flows) {
      const q = { from: from[f.from % from.length]!, to: to[f.to % to.length]!, port: f.port, protocol: f.udp ? ('udp' as const) : ('tcp' as const) };
      const out = sim.trace(q);
      expect(out.ok).toBe(true);
      if (!out.ok) continue;
      assertWellFormed(model, out.value, q.from);
      expect(JSON.stringify(sim.trace(q))).toBe(JSON.stringify(out));
      const wider = openSim.trace(q);
      if (wider.ok) expect(RANK[wider.value.verdict]).toBeGreaterThanOrEqual(RANK[out.value.verdict]);
    }
  });
});

// Symbolic finds, concrete explains — and they agree: who reaches a destination (one walk of the set driver from every
// instance at once, every port) against the concrete engine on 100 random flows per case (instance, port, protocol).
describe('fuzz: symbolic answers agree with the concrete engine', () => {
  test.prop(
    [
      validModelArb,
      fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 65535 }), fc.constantFrom(22, 79, 80, 81, 443, 6000, 8080), fc.nat(), fc.boolean()), {
        minLength: 100,
        maxLength: 100,
      }),
    ],
    runs(150),
  )('every sampled flow ends as the set walk’s class for its source and port says (verdict, code, at)', (doc, samples) => {
    const model = modelOf(loadModelFromText('random.json', JSON.stringify(doc)))!;
    const sim = new Simulator(model);
    const from = [...model.instances.keys()];
    const to = [...model.endpoints.keys(), ...model.instances.keys(), ...model.loadBalancers.keys()];
    const answers = new Map<string, ReturnType<typeof reachersOf>>();
    for (const [i, j, anyPort, nearPort, pick, udp] of samples) {
      const target = to[j % to.length]!;
      let who = answers.get(target);
      if (!who) answers.set(target, (who = reachersOf(sim, target)));
      if (!who.ok) throw new Error(who.error.message);
      const source = from[i % from.length]!;
      const port = pick % 2 === 0 ? anyPort : nearPort;
      const protocol = udp ? 'udp' : 'tcp';
      const cls = who.value
        .find((g) => g.ids.includes(source))!
        .classes.find((c) => c.protocol === protocol && c.ports.some((p) => p.lo <= port && port <= p.hi))!;
      const d = sim.decide({ from: source, to: target, port, protocol });
      expect(d.ok && d.value).toEqual({ verdict: cls.verdict, code: cls.code, at: cls.at });
    }
  });
});

describe('fuzz: mutated bundled files', () => {
  test.prop([fc.nat(), byteMutationArb], runs(100))('byte-level mutations: never throws, always a located diagnostic, exit 0, 1 or 2', async (i, ms) => {
    const input = INPUTS[i % INPUTS.length]!;
    const bytes = applyBytes(input.bytes, ms);
    await checkMutant(input.kind, bytes);
  });

  test.prop([fc.nat(), tokenMutationArb], runs(100))('token-level mutations: never throws, always a located diagnostic, exit 0, 1 or 2', async (i, ms) => {
    const input = INPUTS[i % INPUTS.length]!;
    const text = applyTokens(input.bytes.toString('utf8'), ms);
    await checkMutant(input.kind, Buffer.from(text));
  });
});

async function checkMutant(kind: 'model' | 'scenario', bytes: Buffer): Promise<void> {
  warnings.length = 0;
  const file = tmpFile(bytes);
  if (kind === 'model') {
    const r = loadModel(file);
    for (const d of r.diagnostics) {
      // A problem with the whole file (unreadable, not a model) has no position; every other has one.
      const whole = d.location.line === 0 && d.location.column === 0 && (UNREADABLE_CODES.has(d.code) || d.code === 'not-a-model');
      if (!whole) {
        expect(d.location.line).toBeGreaterThanOrEqual(1);
        expect(d.location.column).toBeGreaterThanOrEqual(1);
      }
      expect(d.message).not.toBe('');
    }
    if (!modelOf(r)) expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    const res = await cli(['validate', file, '--format', 'json']);
    expect(res.err).not.toMatch(STACK);
    expect(res.code).toBe(unreadable(r) ? 2 : modelOf(r) ? 0 : 1);
    if (res.code === 1 || res.code === 0) JSON.parse(res.out);
  } else {
    const res = await cli(['check', file, '--format', 'sarif']);
    expect([0, 1, 2]).toContain(res.code);
    expect(res.err).not.toMatch(STACK);
    expect(res.err).not.toContain('internal error');
    const log = JSON.parse(res.out);
    for (const result of log.runs[0].results) {
      const region = result.locations[0].physicalLocation.region as { startLine: number } | undefined;
      if (region) expect(region.startLine).toBeGreaterThanOrEqual(1);
    }
    if (res.code === 2) expect(log.runs[0].results.length + (res.err ? 1 : 0)).toBeGreaterThan(0);
  }
  await new Promise((r) => setImmediate(r));
  expect(warnings).toEqual([]);
}

describe('fuzz: random command lines', () => {
  test.prop([argvArb], runs(300))('exit 0, 1 or 2; exit 2 always says why; never a crash or a stack trace', async (argv) => {
    const args = argv.map((a) => (a === '--output' ? '--output' : a));
    // Outputs only ever go to the fuzz directory.
    for (let i = 0; i < args.length - 1; i++) if (args[i] === '--output') args[i + 1] = join(dir, `out-${i}.txt`);
    if (args.at(-1) === '--output') args.push(join(dir, 'out-last.txt'));
    const r = await cli(args);
    expect([0, 1, 2]).toContain(r.code);
    expect(r.err).not.toContain('internal error');
    expect(r.err + r.out).not.toMatch(STACK);
    if (r.code === 2) expect((r.err + r.out).trim().length).toBeGreaterThan(0);
  });
});

describe('fuzz: --output pointed at an input', () => {
  test.prop([fc.nat(), fc.constantFrom('text', 'json', 'sarif', 'junit', 'github', 'markdown'), fc.constantFrom('same', 'symlink', 'dotted')], runs(60))(
    'refused with exit 2 before anything is written; the input is untouched',
    async (i, format, how) => {
      const input = INPUTS[i % INPUTS.length]!;
      const sub = mkdtempSync(join(dir, 'over-'));
      const file = join(sub, input.kind === 'model' ? 'model.yaml' : 'scenario.yaml');
      writeFileSync(file, input.bytes);
      let output = file;
      if (how === 'symlink') {
        output = join(sub, 'link.yaml');
        symlinkSync(file, output);
      } else if (how === 'dotted') output = join(sub, '.', 'x', '..', input.kind === 'model' ? 'model.yaml' : 'scenario.yaml');
      const r = await cli([input.kind === 'model' ? 'validate' : 'check', file, '--format', format, '--output', output]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('refusing to write');
      expect(readFileSync(file)).toEqual(input.bytes);
    },
  );
});

/** Every documented list limit: where the list is, and how long it may be. */
const LIST_LIMITS: { name: string; limit: number; doc: (n: number) => unknown }[] = [
  { name: 'vpcs', limit: 200_000, doc: (n) => ({ region: 'r', vpcs: Array(n).fill(null) }) },
  { name: 'vpcs[0].subnets', limit: 10_000, doc: (n) => ({ region: 'r', vpcs: [{ id: 'v', cidr: '10.0.0.0/8', subnets: Array(n).fill(null) }] }) },
  { name: 'securityGroups[0].rules', limit: 10_000, doc: (n) => ({ region: 'r', securityGroups: [{ id: 'g', rules: Array(n).fill(null) }] }) },
  { name: 'networkAcls[0].inbound', limit: 10_000, doc: (n) => ({ region: 'r', networkAcls: [{ id: 'a', inbound: Array(n).fill(null) }] }) },
  { name: 'instances[0].listens', limit: 10_000, doc: (n) => ({ region: 'r', instances: [{ id: 'i', listens: Array(n).fill(80) }] }) },
  {
    name: 'endpointServices[0].portMappings',
    limit: 10_000,
    doc: (n) => ({ region: 'r', endpointServices: [{ id: 's', portMappings: Array(n).fill(null) }] }),
  },
  { name: 'endpointServices[0].permissions', limit: 10_000, doc: (n) => ({ region: 'r', endpointServices: [{ id: 's', permissions: Array(n).fill('*') }] }) },
  { name: 'endpoints[0].whitelist', limit: 10_000, doc: (n) => ({ region: 'r', endpoints: [{ id: 'e', whitelist: Array(n).fill('10.0.0.1') }] }) },
  {
    name: 'loadBalancers[0].listeners[0].members',
    limit: 10_000,
    doc: (n) => ({ region: 'r', loadBalancers: [{ id: 'l', listeners: [{ id: 'x', members: Array(n).fill(null) }] }] }),
  },
  {
    name: 'loadBalancers[0].listeners[0].accessControl.cidrs',
    limit: 10_000,
    doc: (n) => ({
      region: 'r',
      loadBalancers: [{ id: 'l', listeners: [{ id: 'x', accessControl: { mode: 'whitelist', cidrs: Array(n).fill('10.0.0.0/8') } }] }],
    }),
  },
];

describe('fuzz: lists at, just under and just over every documented limit', () => {
  test.prop([fc.constantFrom(...LIST_LIMITS), fc.constantFrom(-1, 0, 1)], runs(12))(
    'at or under: no too-many-items; over: exactly one, at the list',
    (list, delta) => {
      const r = loadModelFromText('limits.json', JSON.stringify(list.doc(list.limit + delta)));
      const over = r.diagnostics.filter((d) => d.code === 'too-many-items');
      expect(r.diagnostics.some((d) => d.message.includes('internal'))).toBe(false);
      if (delta <= 0) expect(over).toEqual([]);
      else expect(over.map((d) => d.location.path)).toEqual([list.name]);
    },
  );
});

/** Runs the built CLI with standard output read for `keep` bytes and then closed; its exit status and standard error. */
function withClosedStdout(args: string[], keep: number): Promise<{ status: number | null; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let read = 0;
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const close = () => child.stdout.destroy();
    if (keep === 0) close();
    else
      child.stdout.on('data', (b: Buffer) => {
        read += b.length;
        if (read >= keep) close();
      });
    child.on('close', (status) => done({ status, err }));
  });
}

const BIN = resolve('dist/cli/main.js');
const realCommandArb = fc.oneof(
  { arbitrary: argvArb, weight: 1 },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...MODELS, ...SCENARIOS, 'models/', 'scenarios/'),
        fc.constantFrom('text', 'json', 'sarif', 'junit', 'github', 'markdown'),
        fc.boolean(),
      )
      .map(([file, format, verbose]) => [file.startsWith('models') ? 'validate' : 'check', file, '--format', format, ...(verbose ? ['-v'] : [])]),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...MODELS),
        fc.constantFrom('ecs-client', 'ecs-web-1', 'nope'),
        fc.constantFrom('ep-web', 'ep-shared', 'elb-1', '192.168.1.50'),
        fc.integer({ min: 1, max: 65535 }),
        fc.constantFrom('text', 'json'),
      )
      .map(([model, from, to, port, format]) => ['trace', model, '--from', from, '--to', to, '--port', String(port), '--format', format]),
  },
);

describe('fuzz: standard output closed early (vpcreach … | head)', () => {
  test.prop([realCommandArb, fc.constantFrom(0, 0, 1, 100, 4096)], runs(2))(
    'the same exit status and standard error as a run whose output is read to the end; never a stack trace',
    async (args, keep) => {
      const full = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      const closed = await withClosedStdout(args, keep);
      expect(closed.err).not.toMatch(STACK);
      expect(closed.err).not.toContain('EPIPE');
      expect({ status: closed.status, err: closed.err }).toEqual({ status: full.status, err: full.stderr });
    },
  );
});

describe('fuzz: peak memory of large admitted inputs', () => {
  test.prop(
    [fc.constantFrom(...BIG_INPUTS), fc.double({ min: 0.5, max: 1, noNaN: true }), fc.constantFrom('text', 'json', 'sarif', 'junit', 'github', 'markdown')],
    runs(1),
  )(`any shape, size and format: exit 0 or 1, never an internal error, peak memory under ${PEAK_RSS_BOUND_MIB} MB`, (big, fraction, format) => {
    const file = join(dir, `big-${big.file}`);
    writeFileSync(file, big.text(Math.floor(big.limit * fraction)));
    const r = runMeasured([big.command, file, '--format', format]);
    expect(r.err).not.toMatch(/internal error/);
    expect(r.err).not.toMatch(STACK);
    expect([0, 1]).toContain(r.code);
    expect(r.peakMiB).toBeLessThan(PEAK_RSS_BOUND_MIB);
  });
});
