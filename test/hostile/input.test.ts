import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, truncateSync, readFileSync, chmodSync, readdirSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, loadModelFromText } from '../../src/load/index.js';
import { check } from '../../src/verify/scenario.js';
import { cli } from '../helpers/cli.js';
import { modelOf } from '../helpers/model.js';

const dir = mkdtempSync(join(tmpdir(), 'vpcreach-hostile-'));

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Loads a file in a fresh process and reports its diagnostics' codes and peak memory (MiB). */
function loadIsolated(path: string): { codes: string[]; peakMiB: number; ms: number } {
  const script = `import('${join(process.cwd(), 'dist/load/index.js')}').then((m) => { const t = Date.now(); const r = m.loadModel(process.argv[1]); console.log(JSON.stringify({ codes: r.diagnostics.map((d) => d.code), ms: Date.now() - t, peakMiB: process.resourceUsage().maxRSS / 1024 })); })`;
  const r = spawnSync(process.execPath, ['-e', script, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

function codes(text: string): string[] {
  return loadModelFromText('x.yaml', text).diagnostics.map((d) => d.code);
}

describe('bounded parsing', () => {
  it('refuses a YAML alias bomb ("billion laughs") quickly and within 200 MB', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const r = loadIsolated(file('bomb.yaml', levels.join('\n') + '\n'));
    expect(r.codes).toEqual(['yaml-syntax']);
    expect(r.peakMiB).toBeLessThan(200);
    const d = loadModel(join(dir, 'bomb.yaml')).diagnostics[0]!;
    expect(d.message).toContain('cannot be expanded');
    expect(d.hint).toContain('1000 alias expansions');
  });

  it('refuses deeply nested documents before parsing them', () => {
    const r = loadIsolated(file('deep.yaml', 'vpcs: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n'));
    expect(r.codes).toEqual(['too-deep']);
    expect(r.peakMiB).toBeLessThan(200);
    const block = Array.from({ length: 80 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n';
    expect(codes(block)).toEqual(['too-deep']);
  });

  it('refuses self-referencing aliases', () => {
    const d = loadModelFromText('x.yaml', 'vpcs: &v [*v]\n').diagnostics;
    expect(d.map((x) => x.code)).toEqual(['yaml-syntax']);
    expect(d[0]!.message).toContain('refers to the collection that contains it');
  });

  it('refuses files over the size limit without reading them', async () => {
    const big = file('big.yaml', '');
    truncateSync(big, 65 * 1024 * 1024);
    const r = loadIsolated(big);
    expect(r.codes).toEqual(['file-too-large']);
    expect(r.peakMiB).toBeLessThan(200);
    const small = await cli(['validate', 'models/seed-elb/model.yaml', '--max-file-size', '1K']);
    expect(small.code).toBe(2);
    expect(small.out).toContain('file-too-large');
    expect(small.out).toContain('larger than the limit of 1 KiB; it was not read');
    expect((await cli(['validate', 'models/seed-elb/model.yaml', '--max-file-size', '1MiB'])).code).toBe(0);
    expect((await cli(['validate', 'models/seed-elb/model.yaml', '--max-file-size', 'lots'])).code).toBe(2);
    // Every command takes the same sizes, importers too.
    const state = 'test/fixtures/terraform/vpcep-approval-state.json';
    const tooSmall = await cli(['import', 'terraform', state, '--max-file-size', '1K']);
    expect(tooSmall.code).toBe(2);
    expect(tooSmall.err).toContain('larger than the limit of 1 KiB; it was not read');
    expect((await cli(['import', 'terraform', state, '--max-file-size', '1MiB'])).code).toBe(0);
  });

  it('refuses absurd counts with a message instead of exhausting memory', () => {
    const huge = file('huge.json', `{"securityGroups":[{"id":"g","rules":[${Array(3_000_000).fill('{}').join(',')}]}]}`);
    const r = loadIsolated(huge);
    expect(r.codes).toEqual(['too-many-values']);
    expect(r.peakMiB).toBeLessThan(200);
    const many = `{"securityGroups":[{"id":"g","rules":[${Array(20_000).fill('{"direction":"ingress"}').join(',')}]}]}`;
    const d = loadModelFromText('x.json', many).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['too-many-items']);
    expect(d[0]!.message).toBe('rules has 20,000 entries, more than the limit of 10,000');
  });
});

describe('odd but legitimate input is accepted', () => {
  const seed = readFileSync('models/seed-elb/model.yaml', 'utf8');
  it('UTF-8 with BOM, CRLF line endings', () => {
    expect(loadModelFromText('x.yaml', '\uFEFF' + seed.replace(/\n/g, '\r\n')).diagnostics).toEqual([]);
    expect(loadModel(file('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seed.replace(/\n/g, '\r\n'))]))).diagnostics).toEqual([]);
  });
  it('tabs inside values, comments everywhere, keys in any order, JSON', () => {
    const text = `# top\nvpcs: # list\n  - cidr: "10.0.0.0/16"   # before id\n    id: v\n    description: "a\\tb"\n    subnets: [ { cidr: 10.0.1.0/24, id: s } ] # flow\nregion: r # last\n`;
    expect(loadModelFromText('x.yaml', text).diagnostics).toEqual([]);
    const json = JSON.stringify({ vpcs: [{ subnets: [{ cidr: '10.0.1.0/24', id: 's' }], cidr: '10.0.0.0/16', id: 'v' }], region: 'r' });
    expect(loadModelFromText('x.json', json).diagnostics).toEqual([]);
  });
  it('numbers written as strings where a person would write them', () => {
    const text = seed
      .replace('servicePort: 80, terminalPort: 8080', 'servicePort: "80", terminalPort: "8080"')
      .replace('ports: 8080, source: 198.19.128.0/17', 'ports: "8080", source: 198.19.128.0/17, priority: "5"')
      .replace('{ instance: ecs-web-1, port: 8080 }', '{ instance: ecs-web-1, port: "8080", weight: "3" }');
    const r = loadModelFromText('x.yaml', text);
    expect(r.diagnostics).toEqual([]);
    expect(modelOf(r)!.endpointServices.get('svc-web')!.portMappings[0]).toMatchObject({ servicePort: 80, terminalPort: 8080 });
    expect(modelOf(r)!.securityGroups.get('sg-backend')!.rules[0]!.priority).toBe(5);
    expect(modelOf(r)!.listeners.get('listener-80')!.members[0]!.weight).toBe(3);
  });
  it('IPv4 addresses with leading zeros are rejected with a clear message, not misread', () => {
    const d = loadModelFromText('x.yaml', seed.replace('ip: 192.168.1.10', 'ip: 192.168.001.010')).diagnostics;
    expect(d.map((x) => [x.code, x.message, x.hint])).toEqual([
      ['invalid-ip', '"192.168.001.010" has an octet with a leading zero, which is ambiguous (octal or decimal?)', 'write "192.168.1.10" if decimal was meant'],
    ]);
  });
});

describe('malformed input is named precisely', () => {
  it('binary file, invalid UTF-8, UTF-16', async () => {
    const bin = await cli(['validate', file('bin.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x01]))]);
    expect(bin.code).toBe(2);
    expect(bin.out).toMatch(/bin\.yaml:1:6 {2}error {2}binary-file {2}.* looks like a binary file \(a NUL byte at line 1, column 6\)/);
    const bad = await cli(['validate', file('latin1.yaml', Buffer.from('region: r\nvpcs: []\ndescription: caf\xe9\n', 'latin1'))]);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/latin1\.yaml:3:17 {2}error {2}invalid-encoding {2}.*byte 0xe9 at line 3, column 17/);
    expect((await cli(['validate', file('utf16.yaml', Buffer.from('\ufeffregion: r\n', 'utf16le'))])).out).toContain('is UTF-16 encoded');
  });
  it('empty file, a file that is valid YAML but not a mapping, a directory, a missing file', async () => {
    expect((await cli(['validate', file('empty.yaml', '')])).out).toContain('empty-file');
    expect((await cli(['validate', file('comments.yaml', '# nothing\n')])).out).toContain('empty-file');
    const scalar = await cli(['validate', file('scalar.yaml', '42\n')]);
    expect(scalar.code).toBe(1);
    expect(scalar.out).toContain('a model file must be a mapping');
    expect((await cli(['validate', join(dir, 'nope-dir-that-is-missing')])).out).toContain('does not exist');
    expect((await cli(['validate', join(dir, 'nope.yaml')])).code).toBe(2);
  });
  it('unreadable permissions', () => {
    const p = file('secret.yaml', 'region: r\n');
    chmodSync(p, 0o000);
    const r = loadModel(p);
    if (process.getuid?.() === 0) {
      // root reads any file: nothing to refuse.
      expect(r.diagnostics).toEqual([]);
    } else {
      expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['file-unreadable', `${p} cannot be read: permission denied`]]);
    }
    chmodSync(p, 0o600);
  });
  it('a scenario pointing at a missing model, and a scenario naming itself as its model', () => {
    mkdirSync(join(dir, 'sc'), { recursive: true });
    writeFileSync(join(dir, 'sc', 'missing.yaml'), 'model: ./nope.yaml\nexpectations: []\n');
    writeFileSync(join(dir, 'sc', 'self.yaml'), 'model: self.yaml\nexpectations: []\n');
    const r = check([join(dir, 'sc')]);
    const byFile = Object.fromEntries(
      r.scenarios.map((s) => [s.file.split('/').pop(), s.diagnostics.map((d) => [d.code, d.location.line, d.location.column])]),
    );
    // One message, at the scenario's model: line (the model's own file-not-found would say the same again).
    expect(byFile['missing.yaml']).toEqual([['invalid-model', 1, 8]]);
    expect(byFile['self.yaml']).toEqual([['self-reference', 1, 8]]);
  });
});

/** Runs `body` and returns the process warnings it caused (a library's warning reaches the user unlocated). */
async function warningsDuring(body: () => void): Promise<string[]> {
  const seen: string[] = [];
  const listener = (w: Error): void => void seen.push(w.message);
  process.on('warning', listener);
  try {
    body();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('warning', listener);
  }
  return seen;
}

describe('keys that are collections', () => {
  it('are refused with a position, and the YAML library prints no warning', async () => {
    const seen = await warningsDuring(() => {
      for (const [text, line, column] of [
        ['[a]: 1\n', 1, 1],
        ['vpcs:\n  - { {x: 1}: 1 }\n', 2, 7],
        ['a: &k [1]\n*k : 2\n', 2, 1],
      ] as const) {
        expect(loadModelFromText('x.yaml', text).diagnostics.map((d) => [d.code, d.location.line, d.location.column])).toEqual([['invalid-key', line, column]]);
      }
    });
    expect(seen).toEqual([]);
  });
});

describe('YAML tags', () => {
  it('!!binary, !!set, !!timestamp are not turned into objects; the value is plain text, with a warning', async () => {
    const seen = await warningsDuring(() => {
      const r = loadModelFromText('x.yaml', 'region: !!binary cmVnaW9u\n');
      expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['yaml-warning', 'warning']]);
      expect(modelOf(r)?.region).toBe('cmVnaW9u');
      expect(loadModelFromText('x.yaml', '? !!binary YQ==\n: 1\n').diagnostics.map((d) => d.code)).toEqual(['yaml-warning', 'unknown-field']);
      expect(loadModelFromText('x.yaml', '!!set {a, b}\n').diagnostics.map((d) => d.code)).toEqual(['yaml-warning', 'unknown-field', 'unknown-field']);
    });
    expect(seen).toEqual([]);
  });
});

describe('check pointed at a huge tree (found by the fuzz campaign: `check /`)', () => {
  it('refuses a directory with more than 10,000 entries without running anything, quickly', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    for (let i = 0; i < 10_050; i++) writeFileSync(join(tree, 'sub', `f${i}.json`), '');
    const t = Date.now();
    const r = await cli(['check', tree]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('holds more than 10,000 files and directories; name the scenario directory itself');
    expect(r.out.trim().split('\n').at(-1)).toBe('0 passed, 0 failed  (PASS: the expectation held; FAIL: the model contradicts it)');
    expect(Date.now() - t).toBeLessThan(10_000);
  });
});

describe('prototype pollution', () => {
  it('__proto__, constructor and prototype keys are refused in models and scenarios, and Object.prototype is untouched', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const hostile = [
      'vpcs:\n  - id: v\n    cidr: 10.0.0.0/16\n    __proto__: { polluted: yes }\n',
      'securityGroups:\n  - id: g\n    tags: { __proto__: x, constructor: y }\n',
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}',
      'a: &x { polluted: 1 }\n__proto__: *x\n',
    ];
    for (const text of hostile) {
      const d = loadModelFromText('x.yaml', text).diagnostics;
      expect(d.length).toBeGreaterThan(0);
      expect(d.every((x) => x.code === 'forbidden-key' || x.severity === 'error')).toBe(true);
      expect(d.some((x) => x.code === 'forbidden-key')).toBe(true);
    }
    writeFileSync(join(dir, 'proto-scenario.yaml'), 'model: ../x.yaml\n__proto__: { polluted: true }\nexpectations: []\n');
    expect(check([join(dir, 'proto-scenario.yaml')]).scenarios[0]!.diagnostics.map((x) => x.code)).toEqual(['forbidden-key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });
});

describe('nothing lost', () => {
  it('a usage error leaves an existing output file untouched', async () => {
    const out = file('existing.json', 'precious');
    const r = await cli(['check', 'scenarios/seed-elb.yaml', '--format', 'json', '--output', out, '--format', 'text', '--format', 'markdown']);
    expect(r.code).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('precious');
  });

  it('SIGTERM during a run leaves either the complete report or none, and no temporary file', async () => {
    const work = mkdtempSync(join(tmpdir(), 'vpcreach-signal-'));
    const expectations = Array.from(
      { length: 400 },
      (_, i) => `  - { name: e${i}, from: ecs-client, to: ep-shared, port: ${[80, 81, 82, 83][i % 4]}, expect: ${i % 4 === 0 ? 'reachable' : 'unreachable'} }`,
    ).join('\n');
    for (let f = 0; f < 200; f++)
      writeFileSync(join(work, `s${f}.yaml`), `model: ${join(process.cwd(), 'models/misconfigurations/model.yaml')}\nexpectations:\n${expectations}\n`);
    const out = join(work, 'report.sarif');
    const { spawnCli, sleep } = await import('../helpers/spawn-ready.js');
    const { child, ready, exited } = spawnCli(['check', work, '--format', 'sarif', '--output', out]);
    await ready;
    await sleep(1500);
    child.kill('SIGTERM');
    // The whole run takes about 10 s here; the signal arrives 1.5 s after start-up and is honoured between scenario
    // files.
    expect((await exited).code).toBe(143);
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp') || f === 'report.sarif')).toEqual([]);
  });
});
