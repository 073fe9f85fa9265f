import { readdirSync, readFileSync } from 'node:fs';
import { fc } from '@fast-check/vitest';
import { loadModelFromText } from '../../src/load/index.js';
import type { Model } from '../../src/model/index.js';
import type { TraceOutcome, TraceQuery } from '../../src/sim/types.js';
import { applyTokens, tokenMutationArb, validModelArb } from '../fuzz/arbitraries.js';
import { modelOf as loaded, unreadable } from '../helpers/model.js';

/**
 * The golden cases: what the engine and the loader answer, frozen in plain files a reviewer reads in a diff
 * (test/golden/*.ref). Inputs: every bundled model and scenario, every fixture, token mutations of the bundled models,
 * and seeded random models (stored in `random-models.jsonl`, so the goldens do not depend on the arbitraries staying
 * as they are).
 */
export const GOLDEN = 'test/golden';
export const RANDOM_MODELS = `${GOLDEN}/random-models.jsonl`;

/** A model the decisions are asked of: a file, or a random model by its index. */
export type ModelKey = string | number;

/** Reads the random models of the goldens (one JSON document per line). */
export function randomModels(): unknown[] {
  return readFileSync(RANDOM_MODELS, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}

/**
 * The random models, made once (`npm run golden:update` writes them when the file is missing): most random clients
 * lack egress rules, so three in four models get catch-all allow rules at the lowest priority (egress; egress and
 * ingress; egress and half the VPCEP range) and the paths beyond the client are exercised too.
 */
export function makeRandomModels(): unknown[] {
  return fc.sample(validModelArb, { seed: 20261129, numRuns: 150 }).map((doc, i) => {
    if (i % 4 === 0) return doc;
    const extra: unknown[] = [{ direction: 'egress', protocol: 'any', priority: 100 }];
    if (i % 4 === 2) extra.push({ direction: 'ingress', protocol: 'any', priority: 100 });
    if (i % 4 === 3) extra.push({ direction: 'ingress', protocol: 'tcp', priority: 1, source: '198.19.128.0/18' });
    return { ...doc, securityGroups: doc.securityGroups.map((g) => ({ ...g, rules: [...g.rules, ...extra] })) };
  });
}

/** Loads a case's model (cached by key). */
export function modelOf(key: ModelKey, random: readonly unknown[], cache: Map<ModelKey, Model>): Model {
  let m = cache.get(key);
  if (!m) {
    const r =
      typeof key === 'string' ? loadModelFromText(key, readFileSync(key, 'utf8')) : loadModelFromText(`random-${key}.json`, JSON.stringify(random[key]));
    if (!loaded(r)) throw new Error(`golden model ${key} is invalid: ${r.diagnostics[0]?.message}`);
    m = loaded(r)!;
    cache.set(key, m);
  }
  return m;
}

/** Deterministic 32-bit PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PORTS = [22, 80, 81, 443, 5432, 8080, 9999];

/** The bundled models, and the fixtures that are valid models (YAML models and Terraform plans and states). */
export function decisionModels(): string[] {
  const bundled = readdirSync('models')
    .sort()
    .map((d) => `models/${d}/model.yaml`);
  const fixtures = [
    ...readdirSync('test/fixtures', { withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => `test/fixtures/${f.name}`),
    ...readdirSync('test/fixtures/terraform')
      .filter((f) => f.endsWith('.json') || f.endsWith('.yaml'))
      .map((f) => `test/fixtures/terraform/${f}`),
  ]
    .sort()
    .filter((f) => loaded(loadModelFromText(f, readFileSync(f, 'utf8'))) !== undefined);
  return [...bundled, ...fixtures];
}

/** The flows asked of a model: every client × every target (endpoints, instances, load balancers, three addresses) × ports × protocols. */
export function gridQueries(m: Model): TraceQuery[] {
  const targets = [...m.endpoints.keys(), ...m.instances.keys(), ...m.loadBalancers.keys(), '10.0.0.99', '192.168.1.99', '8.8.8.8'];
  const out: TraceQuery[] = [];
  for (const from of m.instances.keys())
    for (const to of targets) for (const port of PORTS) for (const protocol of ['tcp', 'udp'] as const) out.push({ from, to, port, protocol });
  return out;
}

/** Random flows on the random models: half of them to an endpoint (endpoints carry the most semantics). */
export function randomQueries(random: readonly unknown[]): { model: number; query: TraceQuery }[] {
  const rand = prng(7);
  const out: { model: number; query: TraceQuery }[] = [];
  random.forEach((doc, i) => {
    const m = loaded(loadModelFromText(`random-${i}.json`, JSON.stringify(doc)))!;
    const from = [...m.instances.keys()];
    const to = [...m.endpoints.keys(), ...m.instances.keys(), ...m.loadBalancers.keys()];
    const eps = [...m.endpoints.keys()];
    for (let k = 0; k < 16; k++) {
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      const r = rand();
      const target =
        r < 0.1 ? `10.${Math.floor(rand() * 4)}.${Math.floor(rand() * 4)}.${Math.floor(rand() * 256)}` : r < 0.55 && eps.length ? pick(eps) : pick(to);
      out.push({ model: i, query: { from: pick(from), to: target, port: pick(PORTS), protocol: rand() < 0.2 ? 'udp' : 'tcp' } });
    }
  });
  return out;
}

/** Every case of the decision goldens: the grid on each decision model, and the random flows on the random models. */
export function allQueries(random: readonly unknown[]): { model: ModelKey; query: TraceQuery }[] {
  const cache = new Map<ModelKey, Model>();
  return [...decisionModels().flatMap((file) => gridQueries(modelOf(file, random, cache)).map((query) => ({ model: file, query }))), ...randomQueries(random)];
}

/** One line of a decision golden: the flow, the verdict, and each path (status, code, where it stopped, the nodes it crossed). */
export function decisionLine(q: TraceQuery, t: TraceOutcome): string {
  const flow = `${q.from} -> ${q.to} ${q.protocol ?? 'tcp'}/${q.port}`;
  if (!t.ok) return `${flow}: query error (${t.error.field}) ${t.error.message}`;
  const r = t.value;
  const paths = r.traces.map((p) => `${p.status} ${p.disposition} at ${p.at} [${p.hops.map((h) => h.node).join(' > ')}]`);
  return `${flow}: ${r.verdict} ${r.code} at ${r.at}${paths.length ? ` | ${paths.join(' | ')}` : ''}`;
}

/** The load inputs of the diagnostics goldens: bundled models and fixtures, and token mutations of the bundled models. */
export function loadInputs(): { bundled: { file: string; text: string }[]; mutants: { file: string; text: string }[] } {
  const bundled = [
    ...readdirSync('models')
      .sort()
      .map((d) => `models/${d}/model.yaml`),
    ...readdirSync('test/fixtures', { withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => `test/fixtures/${f.name}`)
      .sort(),
    ...readdirSync('test/fixtures/terraform')
      .filter((f) => f.endsWith('.json') || f.endsWith('.yaml'))
      .sort()
      .map((f) => `test/fixtures/terraform/${f}`),
  ].map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const models = bundled.filter((b) => b.file.startsWith('models/'));
  const mutants = fc
    .sample(fc.tuple(fc.nat(models.length - 1), tokenMutationArb), { seed: 20261129, numRuns: 700 })
    .map(([i, ms], k) => ({ file: `mutant-${k} of ${models[i]!.file}`, text: applyTokens(models[i]!.text, ms) }));
  return { bundled, mutants };
}

/** The load of one input, a line each: the file and whether it is a valid model (with its resource counts), then each diagnostic with its position. */
export function loadLines(file: string, text: string): string[] {
  const r = loadModelFromText(file, text);
  const m = loaded(r);
  const head = m
    ? `${file}: valid (${m.vpcs.size} VPCs, ${m.subnets.size} subnets, ${m.securityGroups.size} groups, ${m.instances.size} instances, ${m.loadBalancers.size} load balancers, ${m.endpointServices.size} services, ${m.endpoints.size} endpoints)`
    : `${file}: ${unreadable(r) ? 'unreadable' : 'invalid'}`;
  return [
    head,
    ...r.diagnostics.map(
      (d) =>
        `  ${d.location.line ?? 0}:${d.location.column ?? 0} ${d.severity} ${d.code}${d.location.path ? ` at ${d.location.path}` : ''}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`,
    ),
  ];
}
