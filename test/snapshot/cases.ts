import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fc } from '@fast-check/vitest';
import { loadModelFromText } from '../../src/load/index.js';
import type { Model } from '../../src/model/index.js';
import type { TraceQuery } from '../../src/sim/types.js';
import { validModelArb } from '../fuzz/arbitraries.js';

/**
 * The trace snapshot: the JSON outcome of every bundled expectation, of a grid of flows on every bundled model,
 * and of random flows on seeded random models. The random models are stored in the fixture itself, so the
 * snapshot does not depend on the arbitraries staying as they are.
 */
export interface SnapshotFixture {
  /** Random model documents (JSON), referenced by index from the cases. */
  readonly models: readonly unknown[];
  readonly cases: readonly SnapshotCase[];
}

export interface SnapshotCase {
  /** A bundled model path, or the index of a random model in `models`. */
  readonly model: string | number;
  readonly query: TraceQuery;
  /** `JSON.stringify` of the trace outcome. */
  readonly out: string;
}

export const FIXTURE = 'test/snapshot/traces.json.gz';

export function readFixture(): SnapshotFixture {
  return JSON.parse(gunzipSync(readFileSync(FIXTURE)).toString('utf8')) as SnapshotFixture;
}

/** Loads a case's model (cached by key). */
export function modelOf(fixture: SnapshotFixture, key: string | number, cache: Map<string | number, Model>): Model {
  let m = cache.get(key);
  if (!m) {
    const r =
      typeof key === 'string'
        ? loadModelFromText(key, readFileSync(key, 'utf8'))
        : loadModelFromText(`random-${key}.json`, JSON.stringify(fixture.models[key]));
    if (!r.model) throw new Error(`snapshot model ${key} is invalid: ${r.diagnostics[0]?.message}`);
    m = r.model;
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

/** The queries of the snapshot (without outcomes). Used once to write the fixture. */
export function snapshotQueries(): { models: unknown[]; queries: { model: string | number; query: TraceQuery }[] } {
  const queries: { model: string | number; query: TraceQuery }[] = [];
  // 1. Every bundled expectation.
  for (const f of readdirSync('scenarios').sort()) {
    const text = readFileSync(`scenarios/${f}`, 'utf8');
    const modelPath = `models/${/^model: \.\.\/models\/([^/]+)\/model\.yaml$/m.exec(text)![1]}/model.yaml`;
    for (const line of text.split('\n')) {
      const m = /from: ([^,]+), to: ([^,]+), port: (\d+)(?:, protocol: (tcp|udp))?/.exec(line);
      if (m) queries.push({ model: modelPath, query: { from: m[1]!, to: m[2]!, port: Number(m[3]), protocol: (m[4] as 'tcp' | 'udp' | undefined) ?? 'tcp' } });
    }
  }
  // 2. A grid on every bundled model: every client × every target × ports × protocols.
  for (const d of readdirSync('models').sort()) {
    const path = `models/${d}/model.yaml`;
    const m = loadModelFromText(path, readFileSync(path, 'utf8')).model!;
    const targets = [...m.endpoints.keys(), ...m.instances.keys(), ...m.loadBalancers.keys(), '10.0.0.99', '192.168.1.99', '8.8.8.8'];
    for (const from of m.instances.keys())
      for (const to of targets)
        for (const port of PORTS) for (const protocol of ['tcp', 'udp'] as const) queries.push({ model: path, query: { from, to, port, protocol } });
  }
  // 3. Random flows on seeded random models.
  // Random clients mostly lack egress rules; two in three models get catch-all allow rules at the lowest priority
  // (egress; egress and ingress; egress and half the VPCEP range) so that the paths beyond the client are exercised too.
  const models = fc.sample(validModelArb, { seed: 20261129, numRuns: 150 }).map((doc, i) => {
    if (i % 4 === 0) return doc;
    const extra: unknown[] = [{ direction: 'egress', protocol: 'any', priority: 100 }];
    if (i % 4 === 2) extra.push({ direction: 'ingress', protocol: 'any', priority: 100 });
    // Half of the VPCEP range admitted first: the rest is decided by the other rules (partial paths).
    if (i % 4 === 3) extra.push({ direction: 'ingress', protocol: 'tcp', priority: 1, source: '198.19.128.0/18' });
    return { ...doc, securityGroups: doc.securityGroups.map((g) => ({ ...g, rules: [...g.rules, ...extra] })) };
  }) as unknown[];
  const rand = prng(7);
  models.forEach((doc, i) => {
    const m = loadModelFromText(`random-${i}.json`, JSON.stringify(doc)).model!;
    const from = [...m.instances.keys()];
    const to = [...m.endpoints.keys(), ...m.instances.keys(), ...m.loadBalancers.keys()];
    for (let k = 0; k < 16; k++) {
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
      // Endpoints carry the most semantics (VPCEP rewrite, partial sources, members): half the flows go to one.
      const eps = [...m.endpoints.keys()];
      const r = rand();
      const target =
        r < 0.1 ? `10.${Math.floor(rand() * 4)}.${Math.floor(rand() * 4)}.${Math.floor(rand() * 256)}` : r < 0.55 && eps.length ? pick(eps) : pick(to);
      queries.push({ model: i, query: { from: pick(from), to: target, port: pick(PORTS), protocol: rand() < 0.2 ? 'udp' : 'tcp' } });
    }
  });
  return { models, queries };
}
