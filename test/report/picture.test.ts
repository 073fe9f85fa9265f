import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../../src/load/index.js';
import { Simulator } from '../../src/sim/engine.js';
import type { TraceResult } from '../../src/sim/types.js';
import { buildScene, drawPicture, markPath, toDot, toMermaid } from '../../src/report/picture/index.js';
import { htmlReport, scriptJson } from '../../src/report/html.js';
import { reportSteps, type ReportData } from '../../src/verify/report-data.js';
import { runCli } from '../../src/cli/run.js';
import type { Model } from '../../src/model/index.js';
import { modelOf } from '../helpers/model.js';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

function load(file: string): Model {
  const r = loadModel(file);
  if (!modelOf(r)) throw new Error(`${file}: ${r.diagnostics[0]?.message}`);
  return modelOf(r)!;
}

function trace(m: Model, from: string, to: string, port: number): TraceResult {
  const out = new Simulator(m).trace({ from, to, port });
  if (!out.ok) throw new Error(out.error.message);
  return out.value;
}

function report(paths: string[]): ReportData {
  const steps = reportSteps(paths);
  let s = steps.next();
  while (!s.done) s = steps.next();
  return s.value;
}

const seed = load('models/seed-elb/model.yaml');
const missing = load('models/missing-vpcep-rule/model.yaml');
const HOSTILE = 'test/fixtures/report/hostile-model.yaml';
const hostile = load(HOSTILE);
const XSS = ['<img src=x onerror=alert(1)>', 'ep"><script>alert(2)</script>', '<svg onload=alert(4)>', '<b>consumer</b>'];

describe('the scene of a model', () => {
  it('the seed setup: accounts, VPCs and subnets as clusters; every forwarding edge labelled with its ports', () => {
    const s = buildScene(seed);
    expect(s.clusters.map((c) => [c.key, c.kind, c.parent])).toEqual([
      ['account:account-a', 'account', null],
      ['account:account-b', 'account', null],
      ['vpc-1', 'vpc', 'account:account-a'],
      ['vpc-2', 'vpc', 'account:account-b'],
      ['subnet-1', 'subnet', 'vpc-1'],
      ['subnet-2', 'subnet', 'vpc-2'],
    ]);
    expect(s.nodes.map((n) => [n.key, n.kind, n.cluster, n.detail])).toEqual([
      ['ecs-client', 'instance', 'subnet-1', 'ECS 192.168.1.10'],
      ['ecs-web-1', 'instance', 'subnet-2', 'ECS 10.0.1.21'],
      ['ecs-web-2', 'instance', 'subnet-2', 'ECS 10.0.1.22'],
      ['elb-1', 'loadBalancer', 'subnet-2', 'shared ELB 10.0.1.100'],
      ['listener-80', 'listener', 'subnet-2', 'TCP 80 whitelist'],
      ['svc-web', 'endpointService', 'vpc-2', 'service web, approval'],
      ['ep-web', 'endpoint', 'subnet-1', 'endpoint 192.168.1.50'],
    ]);
    expect(s.edges.map((e) => `${e.from} -${e.kind}:${e.label}-> ${e.to}`)).toEqual([
      'elb-1 -listener:-> listener-80',
      'listener-80 -member:8080-> ecs-web-1',
      'listener-80 -member:8080-> ecs-web-2',
      'svc-web -backend:80-> elb-1',
      'ep-web -connects-to:8080→80-> svc-web',
    ]);
    expect(s.omitted).toBe(0);
  });

  it('--focus: the neighbourhood of one resource; a subnet, VPC or account stands for what it holds', () => {
    expect(buildScene(seed, { focus: ['ecs-web-1'], depth: 1 }).nodes.map((n) => n.key)).toEqual(['ecs-web-1', 'listener-80']);
    const fromEndpoint = buildScene(seed, { focus: ['ep-web'] });
    expect(fromEndpoint.nodes.map((n) => n.key).sort()).toEqual(['ecs-web-1', 'ecs-web-2', 'elb-1', 'ep-web', 'listener-80', 'svc-web']);
    expect(fromEndpoint.omitted).toBe(1);
    expect(buildScene(seed, { focus: ['subnet-1'], depth: 0 }).nodes.map((n) => n.key)).toEqual(['ecs-client', 'ep-web']);
    expect(buildScene(seed, { focus: ['account-b'], depth: 0 }).nodes.map((n) => n.key)).toEqual(['ecs-web-1', 'ecs-web-2', 'elb-1', 'listener-80', 'svc-web']);
    expect(buildScene(seed, { focus: ['sg-backend'], depth: 0 }).nodes.map((n) => n.key)).toEqual(['ecs-web-1', 'ecs-web-2']);
    // Clusters are only those holding a shown node.
    expect(buildScene(seed, { focus: ['subnet-1'], depth: 0 }).clusters.map((c) => c.key)).toEqual(['account:account-a', 'vpc-1', 'subnet-1']);
  });
});

describe('a traced flow on the scene', () => {
  it('a delivered flow through a load balancer marks every member path; the client-to-endpoint step becomes a flow edge', () => {
    const { scene, marks } = markPath(buildScene(seed), trace(seed, 'ecs-client', 'ep-web', 8080));
    expect([...marks.nodes]).toEqual([
      ['ecs-client', 'path'],
      ['ep-web', 'path'],
      ['svc-web', 'path'],
      ['elb-1', 'path'],
      ['listener-80', 'path'],
      ['ecs-web-1', 'delivered'],
      ['ecs-web-2', 'delivered'],
    ]);
    expect(scene.edges.at(-1)).toEqual({ key: 'flow:ecs-client>ep-web', from: 'ecs-client', to: 'ep-web', kind: 'flow', label: 'tcp/8080' });
    expect([...marks.edges.values()].every((s) => s === 'path')).toBe(true);
    expect(marks.edges.size).toBe(6);
    expect(marks.stops).toEqual([]);
    expect(marks.summary).toBe('ecs-client → ep-web tcp/8080: reachable (DELIVERED at elb-1)');
  });

  it('a flow dropped by the backend group: the edge into the backend and the backend are stopped, with the code', () => {
    const { marks } = markPath(buildScene(missing), trace(missing, 'ecs-client', 'ep-api', 80));
    expect(marks.nodes.get('ecs-api')).toBe('stopped');
    expect(marks.edges.get('svc-api>ecs-api')).toBe('stopped');
    expect(marks.edges.get('ep-api>svc-api')).toBe('path');
    expect(marks.stops).toEqual([{ node: 'ecs-api', code: 'SG_INGRESS_DENIED', state: 'stopped' }]);
  });

  it('a flow that stops at its client gets a stopped flow edge to its target', () => {
    const { scene, marks } = markPath(buildScene(seed), trace(seed, 'ecs-client', 'elb-1', 80));
    expect(marks.edges.get('flow:ecs-client>elb-1')).toBe('stopped');
    expect(marks.nodes.get('ecs-client')).toBe('stopped');
    expect(scene.edges.some((e) => e.key === 'flow:ecs-client>elb-1')).toBe(true);
  });
});

describe('Mermaid and DOT', () => {
  it('the seed setup with a failing flow: the failing edge is drawn red and labelled with the code', () => {
    const { scene, marks } = markPath(buildScene(seed), trace(seed, 'ecs-client', 'ep-web', 80));
    const mmd = toMermaid(scene, marks);
    expect(mmd.startsWith('flowchart LR\n')).toBe(true);
    const edgeLines = mmd.split('\n').filter((l) => /^ {2}n\d+ (-->|==>|-\.->)/.test(l));
    const failing = edgeLines.findIndex((l) => l.includes('NO_PORT_MAPPING'));
    expect(edgeLines[failing]).toBe('  n0 -.->|"tcp/80 ✗ NO_PORT_MAPPING"| n6');
    expect(mmd).toContain(`  linkStyle ${failing} stroke:#cf222e,stroke-width:4px,stroke-dasharray:6 3\n`);
    expect(mmd).toContain('  class n6 stopped\n');
    expect(mmd).toContain('n6[/"<b>ep-web</b><br/>endpoint 192.168.1.50<br/>✗ NO_PORT_MAPPING"/]');
    const dot = toDot(scene, marks);
    expect(dot).toContain('n0 -> n6 [label="tcp/80 ✗ NO_PORT_MAPPING", style=dashed, color="#cf222e"');
    expect(dot).toMatch(/ {6}subgraph cluster_4 \{\n {8}label="subnet-1 192\.168\.1\.0\/24";/);
  });

  it('hostile ids never leave a quoted label: no markup, no directive, no DOT escape', () => {
    const t = trace(hostile, XSS[0]!, XSS[1]!, 80);
    const { scene, marks } = markPath(buildScene(hostile), t);
    const mmd = toMermaid(scene, marks);
    for (const bad of [...XSS, '%%{init', '"];', '<script']) expect(mmd).not.toContain(bad);
    // Every line is a known statement; labels hold only entity codes, safe characters and the chart's own <b>/<br/>.
    for (const line of mmd.trimEnd().split('\n').slice(1)) {
      expect(line).toMatch(
        /^ {2,}(%% .*|subgraph c\d+\["[^"]*"\]|end|n\d+[[({/]{1,2}"[^"]*"[\])}/]{1,2}|n\d+ (-->|==>|-\.->)(\|"[^"]*"\|)? n\d+|linkStyle \d+ .*|classDef \w+ .*|class [n\d,]+ \w+)$/,
      );
    }
    const dot = toDot(scene, marks);
    // Quotes and backslashes are escaped: every quoted string ends where it should.
    expect(dot).toContain('label="ecs-api\\\\N\\"];evil\\nECS 10.0.1.30\\n✗ SG_INGRESS_DENIED"');
    for (const line of dot.split('\n')) expect(line.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/ -> /g, ' ')).not.toMatch(/[<>]/);
  });

  it('the same input gives byte-identical pictures', async () => {
    const t = trace(seed, 'ecs-client', 'ep-web', 8080);
    for (const format of ['mermaid', 'dot', 'svg'] as const) {
      const a = await drawPicture(seed, { format, trace: t });
      const b = await drawPicture(load('models/seed-elb/model.yaml'), { format, trace: trace(seed, 'ecs-client', 'ep-web', 8080) });
      expect(a.ok && b.ok && a.value.text === b.value.text).toBe(true);
    }
  });
});

describe('SVG', () => {
  it('every node, cluster and edge is drawn inside the picture, with its id escaped in data-key', async () => {
    const r = await drawPicture(hostile, { format: 'svg', trace: trace(hostile, XSS[0]!, XSS[1]!, 80) });
    if (!r.ok) throw new Error(r.error.message);
    const svg = r.value.text;
    for (const bad of XSS) expect(svg).not.toContain(bad);
    expect(svg).toContain('data-key="&#60;img src=x onerror=alert(1)&#62;"');
    const [, w, h] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number);
    const rects = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));
    expect(rects.length).toBe(r.value.scene.nodes.length + r.value.scene.clusters.length);
    for (const [x, y, rw, rh] of rects) {
      expect(x! + rw!).toBeLessThanOrEqual(w!);
      expect(y! + rh!).toBeLessThanOrEqual(h!);
    }
    expect(svg.match(/class="node kind-instance stopped"/g)).toHaveLength(1);
    expect(svg).toContain('✗ SG_INGRESS_DENIED');
  });
});

describe('vpcreach graph', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcreach-graph-'));

  it('draws Mermaid by default and a flow with --from/--to/--port; exit 0 whatever the verdict', async () => {
    const r = await cli(['graph', 'models/seed-elb/model.yaml', '--from', 'ecs-client', '--to', 'ep-web', '--port', '80']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('✗ NO_PORT_MAPPING');
    expect((await cli(['graph', 'models/seed-elb/model.yaml', '--format', 'dot'])).out.startsWith('digraph vpcreach {')).toBe(true);
  });

  it('usage and input errors exit 2 with one clear line', async () => {
    const cases: [string[], string][] = [
      [['graph'], 'the model file is missing'],
      [['graph', 'models/seed-elb/model.yaml', '--from', 'ecs-client'], 'a flow needs --from, --to and --port together'],
      [['graph', 'models/seed-elb/model.yaml', '--focus', 'nope'], '--focus nope: there is no such resource or account in the model'],
      [['graph', 'models/seed-elb/model.yaml', '--focus', 'vpc-3'], 'hint: did you mean vpc-1?'],
      [['graph', 'models/seed-elb/model.yaml', '--max-nodes', '3'], 'the picture would have 7 nodes, more than 3'],
      [['graph', 'models/seed-elb/model.yaml', '--from', 'ghost', '--to', 'ep-web', '--port', '80'], '--from'],
      [['graph', 'models/seed-elb/model.yaml', '--format', 'png'], '--format png is not one of mermaid, dot, svg'],
      [['graph', 'no-such.yaml'], 'does not exist'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(message);
      expect(r.out).toBe('');
    }
  });

  it('-o writes the file, refuses to replace one without --force, and never writes over the model', async () => {
    const out = join(dir, 'seed.svg');
    expect((await cli(['graph', 'models/seed-elb/model.yaml', '--format', 'svg', '-o', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
    const again = await cli(['graph', 'models/seed-elb/model.yaml', '-o', out]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('exists; nothing was written (add --force to replace it)');
    expect((await cli(['graph', 'models/seed-elb/model.yaml', '-o', out, '--force'])).code).toBe(0);
    expect(readFileSync(out, 'utf8').startsWith('flowchart LR')).toBe(true);
    const model = join(dir, 'model.yaml');
    writeFileSync(model, readFileSync('models/seed-elb/model.yaml'));
    const over = await cli(['graph', model, '-o', model, '--force']);
    expect(over.code).toBe(2);
    expect(readFileSync(model, 'utf8')).toBe(readFileSync('models/seed-elb/model.yaml', 'utf8'));
  });
});

describe('the HTML report (text)', () => {
  it('escapes every model and scenario text; its data cannot close the script element', async () => {
    const html = await htmlReport(report(['test/fixtures/report/']), { version: 'test' });
    for (const bad of [...XSS, '<b onmouseover', 'alert(6)</script>']) expect(html).not.toContain(bad);
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(scriptJson({ a: '</script><!--\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u2028"}');
    expect(JSON.parse(scriptJson({ a: '</script>&' }))).toEqual({ a: '</script>&' });
  });

  it('the deciding-rule column names the setting that decided a step without rules; "no rule matched" only for rule lists', async () => {
    const html = await htmlReport(report(['scenarios/misconfigurations.yaml']), { version: 'test' });
    const rows = [...html.matchAll(/<tr>(?:<th[^>]*>.*?<\/th>)?<td>([a-z-]+)(?: [a-z]+)?<\/td><td[^>]*>[^<]*<\/td><td>.*?<\/td><td>(.*?)<\/td><\/tr>/g)].map(
      (m): [string, string] => [m[1]!, m[2]!],
    );
    const filters = rows.filter(([step]) => !['originate', 'drop', 'forward', 'deliver'].includes(step));
    expect(filters.length).toBeGreaterThan(10);
    for (const [step, cell] of rows) if (cell.includes('no rule matched')) expect(['security-group', 'network-acl'], cell).toContain(step);
    expect(rows.find(([step, cell]) => step === 'endpoint-whitelist' && cell.includes('deny'))![1]).toContain('the whitelist of ep-whitelisted');
    expect(rows.find(([step]) => step === 'endpoint-permission')![1]).toContain('the permissions of');
    expect(rows.find(([step]) => step === 'endpoint-status')![1]).toContain('the connection status of');
    expect(html).not.toContain('assumed: assumed:');
    // The heat map counts instances that reach a destination on some port of those named, not on every one.
    expect(html).toContain('on some port of tcp');
  });

  it('a Content-Security-Policy that allows only its own style and script, by hash; nothing from the network', async () => {
    const html = await htmlReport(report(['scenarios/seed-elb.yaml']), { version: 'test' });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = (t: string) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    expect(csp).toBe(`default-src 'none'; style-src ${hash(style)}; script-src ${hash(script)}; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:|\/\/[a-z]|src=|href=/i);
  });

  it('each traced expectation has its path drawn alone, marks baked in; ids are unique in the page', async () => {
    const html = await htmlReport(report(['test/fixtures/failing-scenario.yaml', 'scenarios/seed-elb.yaml']), { version: 'test' });
    const articles = html.split('<article ').slice(1);
    expect(articles).toHaveLength(8);
    const shared = articles.find((a) => a.includes('<h2>shared members all deliver</h2>'))!;
    const view = /<figure class="path-view">([\s\S]*?)<\/figure>/.exec(shared)![1]!;
    expect(view).toContain('<figcaption>the path alone: ecs-client → ep-shared tcp/82: partial (SG_INGRESS_DENIED at sg-no-ingress)</figcaption>');
    expect(view).toMatch(/class="node kind-instance stopped" data-key="ecs-member-bad">.*✗ SG_INGRESS_DENIED/);
    expect(view).toContain('class="node kind-instance delivered" data-key="ecs-member-ok"');
    // Only what the path touched: no other backend of the model.
    expect(view).not.toContain('data-key="ecs-quiet"');
    // The expectation that could not run has no path.
    expect(articles.find((a) => a.includes('<h2>unknown client</h2>'))).not.toContain('path-view');
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is deterministic', async () => {
    const a = await htmlReport(report(['scenarios/']), { version: 'test' });
    const b = await htmlReport(report(['scenarios/']), { version: 'test' });
    expect(a === b).toBe(true);
  });
});

describe('vpcreach report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcreach-report-cmd-'));
  it('writes the page and exits like check: 1 when an expectation failed, 2 on input errors', async () => {
    const out = join(dir, 'r.html');
    const r = await cli(['report', 'test/fixtures/failing-scenario.yaml', '-o', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`wrote ${out}: 4 expectations, 2 failed, 1 errors`);
    expect(readFileSync(out, 'utf8')).toContain('<span class="n" data-count="failed">2</span>');
    const failed = await cli(['report', 'test/fixtures/report/hostile-scenario.yaml', '-o', out, '--force']);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain(`wrote ${out}: 2 expectations, 1 failed, 0 errors`);
    expect((await cli(['report', 'scenarios/', '-o', out])).code).toBe(2);
    const ok = await cli(['report', 'scenarios/', '-o', out, '--force']);
    expect(ok.code).toBe(0);
    const bad = await cli(['report', 'test/fixtures/report/hostile-tags-scenario.yaml', '-o', out, '--force']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('invalid-tag-value');
    expect((await cli(['report', 'nowhere/'])).code).toBe(2);
  });
});

describe('vpcreach report --diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcreach-report-diff-'));
  const BEFORE = 'models/misconfigurations/model.yaml';
  const AFTER = 'test/fixtures/report/diff/after.yaml';

  it('one page with every gained and lost change, its witness traced on both sides', async () => {
    const out = join(dir, 'diff.html');
    const r = await cli(['report', '--diff', BEFORE, AFTER, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`wrote ${out}: 1 flow gained, 1 flow lost\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<span class="n" data-count="gained">1</span>');
    expect(html).toContain('<span class="n" data-count="lost">1</span>');
    expect(html).toContain('<h2>gained: ecs-client → ep-partial-sg</h2>');
    expect(html).toContain('<h2>lost: ecs-client → ep-shared</h2>');
    // Both sides of each change: before and after, each with its decision.
    expect(html).toContain('<h3>before: models/misconfigurations/model.yaml</h3><p class="verdict">partial (SG_INGRESS_PARTIAL at sg-vpcep-half)</p>');
    expect(html).toContain('<h3>after: test/fixtures/report/diff/after.yaml</h3><p class="verdict">unreachable (SG_EGRESS_DENIED at sg-client)</p>');
    // Only the model after the change is drawn: every witness exists there.
    expect(html.match(/<section class="picture"/g)).toHaveLength(1);
  });

  it('usage: two models, no more, no fewer; a model that does not load exits 2', async () => {
    for (const args of [['report', '--diff', BEFORE], ['report', '--diff', BEFORE, AFTER, AFTER], ['report']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/two model files are needed|only two model files are compared|the scenario files or directories are missing/);
    }
    expect((await cli(['report', '--diff', BEFORE, 'test/fixtures/ten-mistakes.yaml'])).code).toBe(2);
    const same = await cli(['report', '--diff', BEFORE, BEFORE]);
    expect(same.code).toBe(0);
  });
});

describe('peering connections and routes out of the model on the picture', () => {
  const m = load('models/peering/model.yaml');

  it('each connection and each next hop outside the model is a node between the VPCs', () => {
    const scene = buildScene(m);
    expect(scene.nodes.filter((n) => n.kind === 'peering' || n.kind === 'nextHop').map((n) => [n.key, n.kind, n.detail, n.cluster])).toEqual([
      ['pcx-consumer-provider', 'peering', 'peering vpc-consumer ↔ vpc-provider', null],
      ['pcx-consumer-tools', 'peering', 'peering vpc-consumer ↔ vpc-tools', null],
      ['pcx-consumer-partner', 'peering', 'peering vpc-consumer ↔ vpc-partner pendingAcceptance', null],
      ['vpn:vpn-office', 'nextHop', 'vpn vpn-office, outside the model', null],
    ]);
  });

  it('a flow through a connection is drawn through it; one that stops at a connection not accepted stops there', () => {
    const through = markPath(buildScene(m), trace(m, 'ecs-client', 'ecs-api', 8443));
    expect([...through.marks.edges].map(([k, s]) => `${k} ${s}`)).toEqual([
      'flow:ecs-client>pcx-consumer-provider path',
      'flow:pcx-consumer-provider>ecs-api path',
    ]);
    expect(through.marks.nodes.get('ecs-api')).toBe('delivered');
    const pending = markPath(buildScene(m), trace(m, 'ecs-client', 'ecs-partner', 443));
    expect(pending.marks.stops).toEqual([{ node: 'pcx-consumer-partner', code: 'PEERING_NOT_ACTIVE', state: 'stopped' }]);
    expect(toMermaid(pending.scene, pending.marks)).toContain('✗ PEERING_NOT_ACTIVE');
    // The route back missing: stopped at the connection the flow came to.
    const back = markPath(buildScene(m), trace(m, 'ecs-client', 'ecs-tools', 22));
    expect(back.marks.stops).toEqual([{ node: 'pcx-consumer-tools', code: 'NO_RETURN_ROUTE', state: 'stopped' }]);
    expect(toDot(back.scene, back.marks)).toContain('shape=larrow');
  });
});

describe('the internet, EIPs and NAT gateways on the picture', () => {
  const m = load('models/internet/model.yaml');

  it('the internet, each EIP (bound: an edge to its resource) and each NAT gateway (in its subnet, an edge per DNAT rule to a server)', () => {
    const scene = buildScene(m);
    expect(scene.nodes.filter((n) => ['internet', 'eip', 'natGateway', 'nextHop'].includes(n.kind)).map((n) => [n.key, n.kind, n.detail, n.cluster])).toEqual([
      ['internet', 'internet', 'the internet', null],
      ['eip-bastion', 'eip', 'EIP 203.0.113.10', null],
      ['eip-web', 'eip', 'EIP 203.0.113.20', null],
      ['eip-nat', 'eip', 'EIP 203.0.113.30', null],
      ['nat-web', 'natGateway', 'NAT gateway, 1 SNAT, 2 DNAT', 'subnet-nat'],
    ]);
    expect(scene.edges.filter((e) => e.kind === 'bound' || e.kind === 'dnat').map((e) => [e.from, e.to, e.label])).toEqual([
      ['eip-bastion', 'ecs-bastion', ''],
      ['eip-web', 'elb-web', ''],
      ['nat-web', 'ecs-app', '2222→22'],
      ['nat-web', 'ecs-app', '8443→8443'],
    ]);
  });

  it('a flow from the internet is drawn from it through the EIP or the gateway; one out through SNAT ends at the internet', () => {
    const inward = markPath(buildScene(m), trace(m, 'internet', 'ecs-bastion', 22));
    expect([...inward.marks.nodes].map(([k, s]) => `${k} ${s}`)).toEqual(['internet path', 'eip-bastion path', 'ecs-bastion delivered']);
    expect(inward.marks.edges.get('eip-bastion>ecs-bastion')).toBe('path');
    const dnat = markPath(buildScene(m), trace(m, 'internet', 'ecs-app', 2222));
    expect(dnat.marks.edges.get('nat-web>ecs-app#0')).toBe('path');
    const out = markPath(buildScene(m), trace(m, 'ecs-db', 'internet', 443));
    expect(out.marks.stops).toEqual([{ node: 'nat-web', code: 'NO_SNAT_RULE', state: 'stopped' }]);
    expect(toDot(out.scene, out.marks)).toContain('shape=cylinder');
    expect(toMermaid(dnat.scene, dnat.marks)).toContain('(((');
  });
});
