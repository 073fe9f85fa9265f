import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { modelJsonSchema, scenarioJsonSchema } from '../src/load/json-schema.js';
import { configJsonSchema } from '../src/lint/config.js';

const models = readdirSync('models').map((d) => `models/${d}/model.yaml`);
const scenarios = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `scenarios/${f}`);

describe('JSON Schemas', () => {
  it('schemas/ is up to date with the zod schemas (run npm run schemas)', () => {
    expect(JSON.parse(readFileSync('schemas/model.schema.json', 'utf8'))).toEqual(modelJsonSchema());
    expect(JSON.parse(readFileSync('schemas/scenario.schema.json', 'utf8'))).toEqual(scenarioJsonSchema());
    expect(readFileSync('schemas/model.schema.json', 'utf8')).toBe(JSON.stringify(modelJsonSchema(), null, 2) + '\n');
    expect(readFileSync('schemas/config.schema.json', 'utf8')).toBe(JSON.stringify(configJsonSchema(), null, 2) + '\n');
  });

  it('every bundled model and scenario names its schema on the first line, and the path resolves', () => {
    for (const [files, schema] of [
      [models, 'model.schema.json'],
      [scenarios, 'scenario.schema.json'],
    ] as const) {
      for (const f of files) {
        const first = readFileSync(f, 'utf8').split('\n')[0]!;
        const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
        expect(m, f).not.toBeNull();
        expect(m![1]!.endsWith(schema), f).toBe(true);
        expect(existsSync(resolve(dirname(f), m![1]!)), f).toBe(true);
      }
    }
  });

  it('bundled files validate against the schemas, and the schemas reject what the loader rejects structurally', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const model = ajv.compile(modelJsonSchema());
    const scenario = ajv.compile(scenarioJsonSchema());
    for (const f of models) expect(model(parse(readFileSync(f, 'utf8'))), `${f}: ${JSON.stringify(model.errors)}`).toBe(true);
    for (const f of scenarios) expect(scenario(parse(readFileSync(f, 'utf8'))), f).toBe(true);
    expect(model({ vpcs: [{ id: 'v', cidr: '10.0.0.0/16', colour: 'blue' }] })).toBe(false);
    expect(model({ securityGroups: [{ id: 'g', rules: [{ direction: 'ingres' }] }] })).toBe(false);
    expect(scenario({ model: 'm.yaml', expectations: [{ name: 'x', from: 'a', to: 'b', port: 80, expect: 'maybe' }] })).toBe(false);
  });
});
