import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decidingRules } from '../../src/report/findings.js';
import { at } from '../lint/helpers.js';
import { model, run } from '../helpers/model.js';

const FILE = 'models/misconfigurations/model.yaml';

describe('NO_LISTENER behind an endpoint: the consumer cannot choose the port, the mapping did', () => {
  const text = readFileSync(FILE, 'utf8');
  const m = model(text, FILE);

  it("the fix names the service's mapping and the ports that work, or the listener to add; the step points at the mapping", () => {
    const r = run(m, 'ecs-client', 'ep-shared', 443);
    expect(r).toMatchObject({ verdict: 'unreachable', code: 'NO_LISTENER', at: 'elb-shared' });
    const hop = r.traces[0]!.hops.at(-1)!;
    expect(hop.steps.at(-1)).toMatchObject({
      type: 'drop',
      code: 'NO_LISTENER',
      fix: "change the service port of service svc-shared's mapping 443 → 443 to a port load balancer elb-shared listens on (80, 81, 82, 83, 84, 85), or add a tcp listener on port 443 to elb-shared",
    });
    const mapping = at(text, '{ servicePort: 443, terminalPort: 443 }');
    expect(hop.steps.find((s) => s.type === 'filter')).toMatchObject({ filter: 'listener', location: { file: FILE, ...mapping } });
    // What the GitHub notice of a failing check points at.
    expect(decidingRules(r).map((x) => [x.file, x.line, x.column])).toEqual([[FILE, mapping.line, mapping.column]]);
  });

  it('a client in the load balancer’s own VPC still chooses its port: connect to one it listens on', () => {
    const r = run(m, 'ecs-member-bad', 'elb-shared', 443);
    expect(r.traces[0]!.hops.at(-1)!.steps.at(-1)).toMatchObject({
      code: 'NO_LISTENER',
      fix: 'add a tcp listener on port 443 to load balancer elb-shared, or connect to a port it listens on',
    });
  });
});
