import { describe, expect, it } from 'vitest';
import { test, fc } from '@fast-check/vitest';
import { loadModelFromText } from '../../src/load/index.js';
import { lint } from '../../src/lint/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { diffModels } from '../../src/symbolic/diff.js';
import { runs, validModelArb } from '../fuzz/arbitraries.js';
import { modelOf } from '../helpers/model.js';

type Doc = { securityGroups: { id: string; rules: unknown[] }[]; networkAcls: { id: string; inbound?: unknown[]; outbound?: unknown[] }[] };

/** The model without one rule: `rules[i]` of a group, or `inbound[i]`/`outbound[i]` of an ACL. */
function without(doc: Doc, owner: string, rule: string): Doc {
  const copy = structuredClone(doc);
  const [, list, index] = /^(\w+)\[(\d+)\]$/.exec(rule)!;
  const holder = (list === 'rules' ? copy.securityGroups : copy.networkAcls).find((x) => x.id === owner) as unknown as Record<string, unknown[]>;
  holder[list!]!.splice(Number(index), 1);
  return copy;
}

describe('rules that lint says decide nothing, or change nothing, can be removed without changing any flow', () => {
  test.prop([validModelArb], runs(150))('random models: removing each shadowed or redundant rule leaves the diff empty', (raw) => {
    const doc = raw as unknown as Doc;
    const before = modelOf(loadModelFromText('m.json', JSON.stringify(doc)))!;
    const findings = lint(before).filter((f) => ['sg-rule-shadowed', 'sg-rule-redundant', 'acl-rule-shadowed'].includes(f.ruleId));
    for (const f of findings.slice(0, 4)) {
      const owner = String(f.data.group ?? f.data.acl);
      const after = modelOf(loadModelFromText('m.json', JSON.stringify(without(doc, owner, String(f.data.rule)))))!;
      const d = diffModels(new Simulator(before), new Simulator(after));
      expect(d.changes, `${f.ruleId} ${owner} ${String(f.data.rule)}`).toEqual([]);
    }
  });

  it('the property is not vacuous: a fixed sample of random models has many such rules of each kind', () => {
    const counts = new Map<string, number>();
    for (const raw of fc.sample(validModelArb, { seed: 20261130, numRuns: 150 })) {
      for (const f of lint(modelOf(loadModelFromText('m.json', JSON.stringify(raw)))!)) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    }
    expect(counts.get('sg-rule-shadowed') ?? 0).toBeGreaterThan(10);
    expect(counts.get('sg-rule-redundant') ?? 0).toBeGreaterThan(10);
    expect(counts.get('acl-rule-shadowed') ?? 0).toBeGreaterThan(0);
  });
});
