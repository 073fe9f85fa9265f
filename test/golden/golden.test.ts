import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import type { Model } from '../../src/model/index.js';
import { Simulator } from '../../src/sim/engine.js';
import { cli } from '../helpers/cli.js';
import {
  GOLDEN,
  RANDOM_MODELS,
  decisionLine,
  decisionModels,
  gridQueries,
  loadInputs,
  loadLines,
  makeRandomModels,
  modelOf,
  randomModels,
  randomQueries,
  type ModelKey,
} from './cases.js';

/**
 * The engine's, the loader's and the commands' observable output, frozen in plain files (test/golden/): a behaviour
 * change shows in the diff of the goldens, line by line. `npm run golden:update` rewrites them, only for an intended
 * change, reviewed in the diff.
 */
const UPDATE = process.env.GOLDEN_UPDATE === '1';

/** Compares `text` with the golden `file` (or writes it when updating); reports the first differing line. */
function golden(file: string, text: string): void {
  const path = `${GOLDEN}/${file}`;
  if (UPDATE) {
    mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
    writeFileSync(path, text);
    return;
  }
  expect(existsSync(path), `${path} is missing: npm run golden:update writes it`).toBe(true);
  const want = readFileSync(path, 'utf8');
  if (want === text) return;
  const a = want.split('\n');
  const b = text.split('\n');
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  expect(b[i], `${path} differs first at line ${i + 1} (npm run golden:update rewrites it, for an intended change)`).toBe(a[i]);
}

/** A file name for a model path: models/seed-elb/model.yaml -> models-seed-elb-model.yaml. */
const slug = (file: string): string => file.replace(/[/\\]/g, '-');

if (UPDATE && !existsSync(RANDOM_MODELS)) {
  mkdirSync(GOLDEN, { recursive: true });
  writeFileSync(
    RANDOM_MODELS,
    makeRandomModels()
      .map((m) => JSON.stringify(m))
      .join('\n') + '\n',
  );
}
const random = randomModels();

describe('decisions: every flow of the grid on each bundled and fixture model, and random flows on random models', () => {
  const cache = new Map<ModelKey, Model>();
  it.each(decisionModels())('%s', (file) => {
    const m = modelOf(file, random, cache);
    const sim = new Simulator(m);
    golden(
      `decisions/${slug(file)}.ref`,
      gridQueries(m)
        .map((q) => decisionLine(q, sim.trace(q)))
        .join('\n') + '\n',
    );
  });
  it('random models (test/golden/random-models.jsonl), 16 flows each', () => {
    const sims = new Map<number, Simulator>();
    const lines = randomQueries(random).map(({ model, query }) => {
      let sim = sims.get(model);
      if (!sim) sims.set(model, (sim = new Simulator(modelOf(model, random, cache))));
      return `model ${model}: ${decisionLine(query, sim.trace(query))}`;
    });
    expect(lines.length).toBeGreaterThanOrEqual(2000);
    golden('decisions/random.ref', lines.join('\n') + '\n');
  });
});

describe('loads: validity and every diagnostic of each input', () => {
  const { bundled, mutants } = loadInputs();
  it('bundled models and fixtures', () => {
    golden('loads/bundled.ref', bundled.flatMap(({ file, text }) => loadLines(file, text)).join('\n') + '\n');
  });
  it('token mutations of the bundled models', () => {
    const lines = mutants.flatMap(({ file, text }) => loadLines(file, text));
    expect(lines.filter((l) => l.includes(': invalid')).length).toBeGreaterThan(300);
    golden('loads/mutants.ref', lines.join('\n') + '\n');
  });
  it('random models', () => {
    golden('loads/random.ref', random.flatMap((doc, k) => loadLines(`random-${k}.json`, JSON.stringify(doc))).join('\n') + '\n');
  });
});

/** A chosen set of command lines: what each prints on both streams, and its exit status. */
const COMMANDS: readonly (readonly string[])[] = [
  ['validate', 'models/'],
  ['validate', 'test/fixtures/ten-mistakes.yaml', '--format', 'json'],
  ['validate', 'test/fixtures/ten-mistakes.yaml', '--format', 'github'],
  ['lint', 'models/misconfigurations/model.yaml'],
  ['lint', 'models/missing-vpcep-rule/model.yaml', '--format', 'json'],
  ['lint', 'models/missing-vpcep-rule/model.yaml', '--fix-dry-run'],
  ['check', 'scenarios/'],
  ['check', 'scenarios/', '--format', 'junit'],
  ['check', 'test/fixtures/failing-scenario.yaml', '--format', 'markdown'],
  ['trace', 'models/seed-elb/model.yaml', '--from', 'ecs-client', '--to', 'ep-web', '--port', '8080'],
  ['trace', 'models/misconfigurations/model.yaml', '--from', 'ecs-client', '--to', 'ep-shared', '--port', '82', '--all-blockers'],
  ['trace', 'models/seed-elb/model.yaml', '--from', 'ecs-client', '--to', 'ep-web', '--port', '80', '--format', 'json'],
  ['trace', 'models/seed-elb/model.yaml', '--from', 'nobody', '--to', 'ep-web', '--port', '80'],
  ['analyze', 'models/seed-elb/model.yaml'],
  ['analyze', 'models/misconfigurations/model.yaml', '--from', 'subnet-clients', '--to', 'ep-shared'],
  ['analyze', 'models/seed-elb/model.yaml', '--to', 'ep-web', '--format', 'json'],
  ['diff', 'models/seed-elb/model.yaml', 'models/missing-vpcep-rule/model.yaml'],
  ['graph', 'models/seed-elb/model.yaml'],
  ['graph', 'models/seed-elb/model.yaml', '--format', 'dot'],
  ['import', 'terraform', 'test/fixtures/terraform/elb-dedicated-plan.json'],
  ['import', 'huaweicloud', 'test/fixtures/huaweicloud-api/dump'],
  ['generate', '--size', 's', '--seed', '3', '--format', 'yaml'],
  ['trace', '--help'],
  ['nonsense'],
];

describe('commands: output and exit status of a chosen set of command lines', () => {
  it.each(COMMANDS.map((args) => [args.join(' '), args] as const))('vpcreach %s', async (name, args) => {
    const r = await cli(args);
    golden(
      `commands/${name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120)}.txt`,
      `$ vpcreach ${name}\nexit ${r.code}\n--- stdout\n${r.out}--- stderr\n${r.err}`,
    );
  });
  it('every golden of a command belongs to a command line of the list', () => {
    if (UPDATE) return;
    const names = new Set(
      COMMANDS.map(
        (a) =>
          `${a
            .join(' ')
            .replace(/[^A-Za-z0-9._-]+/g, '_')
            .slice(0, 120)}.txt`,
      ),
    );
    expect(readdirSync(`${GOLDEN}/commands`).filter((f) => !names.has(f))).toEqual([]);
  });
});
