import { describe, expect, it } from 'vitest';
import { loadModel } from '../src/load/index.js';
import '../src/vitest.js';
import { modelOf } from './helpers/model.js';

const seed = modelOf(loadModel('models/seed-elb/model.yaml'))!;
const gallery = modelOf(loadModel('models/misconfigurations/model.yaml'))!;

describe('vitest matchers', () => {
  it('toReach passes for reachable flows and fails with the contradicting trace', () => {
    expect(seed).toReach({ from: 'ecs-client', to: 'ep-web', port: 8080 });
    let message = '';
    try {
      expect(seed).toReach({ from: 'ecs-client', to: 'ep-web', port: 80 });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('expected ecs-client → ep-web tcp/80 to be reachable, but it is unreachable (NO_PORT_MAPPING at svc-web)');
    expect(message).toContain('2. ep-web (endpoint)');
  });

  it('.not.toReach fails with the trace when the flow is reachable', () => {
    expect(() => expect(seed).not.toReach({ from: 'ecs-client', to: 'ep-web', port: 8080 })).toThrow(/not to be reachable, but it is:[\s\S]*path 1 of 2/);
  });

  it('from and to the internet: exposure as an assertion, in flows and in policies', () => {
    const web = modelOf(loadModel('models/internet/model.yaml'))!;
    expect(web).toReach({ from: 'internet', to: 'ecs-bastion', port: 22 });
    expect(web).not.toReach({ from: 'internet', to: 'ecs-db', port: 22 });
    expect(web).toReachWith({ from: 'internet', to: 'ecs-db', port: 22 }, 'NOT_EXPOSED');
    expect(web).toReach({ from: 'ecs-app', to: 'internet', port: 443 });
    expect(web).toSatisfyPolicy({ from: 'internet', to: 'elb-web', port: '1-442,444-65535', expect: 'unreachable' });
    expect(() => expect(web).not.toReach({ from: 'internet', to: 'ecs-bastion', port: 22 })).toThrow(/internet → ecs-bastion tcp\/22 not to be reachable/);
    // Part of the internet getting in is partial: toReachWith 'unreachable' is the assertion that nothing does.
    expect(web).toReachWith({ from: 'internet', to: 'ecs-db', port: 22 }, 'unreachable');
  });

  it('partial is not reachable', () => {
    expect(gallery).not.toReach({ from: 'ecs-client', to: 'ep-partial-sg', port: 80 });
    expect(gallery).toReachWith({ from: 'ecs-client', to: 'ep-partial-sg', port: 80 }, 'partial');
    expect(gallery).toReachWith({ from: 'ecs-client', to: 'ep-partial-sg', port: 80 }, 'SG_INGRESS_PARTIAL');
    expect(() => expect(gallery).toReachWith({ from: 'ecs-client', to: 'ep-partial-sg', port: 80 }, 'reachable')).toThrow(
      /to end with reachable, but it is partial \(SG_INGRESS_PARTIAL at sg-vpcep-half\)/,
    );
  });

  it('bad arguments are explained', () => {
    expect(() => expect(seed).toReach({ from: 'nobody', to: 'ep-web', port: 80 })).toThrow(/toReach: from: no instance "nobody"/);
    expect(() => expect(seed).toReachWith({ from: 'ecs-client', to: 'ep-web', port: 80 }, 'MAYBE' as never)).toThrow(/neither a verdict/);
    expect(() => expect(42).toReach({ from: 'a', to: 'b', port: 1 })).toThrow(/expected a vpcreach Model/);
    expect(() => expect('test/fixtures/ten-mistakes.yaml').toReach({ from: 'a', to: 'b', port: 1 })).toThrow(/is not a valid model:\n.*subnet-outside-vpc/);
    // A load result is taken as its model, or explained when it has none.
    expect(() => expect(loadModel('test/fixtures/ten-mistakes.yaml')).toReach({ from: 'a', to: 'b', port: 1 })).toThrow(
      /test\/fixtures\/ten-mistakes.yaml is not a valid model:\n.*subnet-outside-vpc/,
    );
    expect(loadModel('models/seed-elb/model.yaml')).toReach({ from: 'ecs-client', to: 'ep-web', port: 8080 });
  });
});

describe('the README example', () => {
  it('is the file test/examples/my-network.test.ts, verbatim', async () => {
    const { readFileSync } = await import('node:fs');
    const example = readFileSync('test/examples/my-network.test.ts', 'utf8');
    expect(readFileSync('README.md', 'utf8')).toContain('```ts\n' + example + '```');
  });

  it('toSatisfyPolicy: sets of sources, destinations and ports; a failure shows the counterexample and its trace', () => {
    expect(gallery).toSatisfyPolicy({ from: 'vpc-c', to: '10.0.0.0/16', port: [22, 3389], expect: 'unreachable' });
    expect(gallery).toSatisfyPolicy({ from: 'sg-client', to: 'ep-shared', port: '1-65535', expect: 'some' });
    expect(gallery).not.toSatisfyPolicy({ from: 'vpc-c', to: 'ep-shared', port: [80, 82], expect: 'reachable' });
    // A source port: the client ACL lets 7001 out from Linux's ephemeral ports only.
    expect(gallery).toSatisfyPolicy({ from: 'ecs-client', to: 'ep-acl-partial', port: 7001, expect: 'partial' });
    expect(gallery).toSatisfyPolicy({ from: 'ecs-client', to: 'ep-acl-partial', port: 7001, srcPort: 40000, expect: 'reachable' });
    expect(gallery).toSatisfyPolicy({ from: 'ecs-client', to: 'ep-acl-partial', port: 7001, srcPort: 61000, expect: 'unreachable' });
    // An ICMP code: ecs-icmp admits code 4 of destination unreachable only.
    expect(gallery).toSatisfyPolicy({ from: 'ecs-pinger', to: 'ecs-icmp', port: 3, protocol: 'icmp', expect: 'partial' });
    expect(gallery).toSatisfyPolicy({ from: 'ecs-pinger', to: 'ecs-icmp', port: 3, protocol: 'icmp', icmpCode: 4, expect: 'reachable' });
    expect(gallery).toSatisfyPolicy({ from: 'ecs-pinger', to: 'ecs-icmp', port: 3, protocol: 'icmp', icmpCode: 3, expect: 'unreachable' });
    let message = '';
    try {
      expect(gallery).toSatisfyPolicy({ from: 'vpc-c', to: 'ep-shared', port: [80, 82], expect: 'reachable' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(
      'expected vpc-c → ep-shared tcp/80,82 (2 flows) to be reachable, but 1 of them is not; counterexample ecs-client → ep-shared port 82: partial (SG_INGRESS_DENIED at sg-no-ingress)',
    );
    expect(message).toContain('ep-shared (endpoint)');
    expect(() => expect(gallery).toSatisfyPolicy({ from: 'subnet-endpoints', to: 'ep-shared', port: 80, expect: 'reachable' })).toThrow(
      /toSatisfyPolicy: from: subnet subnet-endpoints has no instances/,
    );
    expect(() => expect(gallery).toSatisfyPolicy({ from: 'vpc-c', to: 'ep-shared', port: 70000, expect: 'reachable' })).toThrow(/port 70000 is out of range/);
  });
});

describe('matchers refuse malformed expectations instead of running them', () => {
  it('toSatisfyPolicy: a misspelt expect or an unknown field', () => {
    expect(() => expect(seed).toSatisfyPolicy({ from: 'vpc-1', to: 'ep-web', port: 22, expect: 'unreachble' as 'unreachable' })).toThrow(
      'toSatisfyPolicy: expect must be one of reachable, unreachable, partial, some; got the string "unreachble" (did you mean unreachable?)',
    );
    expect(() => expect(seed).toSatisfyPolicy({ from: 'vpc-1', to: 'ep-web', ports: 22, expect: 'unreachable' } as never)).toThrow(
      'toSatisfyPolicy: unknown field "ports" (did you mean port?)',
    );
  });

  it('toReach with a query of the wrong shape names the field', () => {
    expect(() => expect(seed).toReach({ form: 'ecs-client', to: 'ep-web', port: 8080 } as never)).toThrow(
      'toReach: query: unknown field "form" (did you mean from?)',
    );
    expect(() => expect(seed).toReach({ from: 'ecs-client', to: 'ep-web', port: '8080' } as never)).toThrow(
      'toReach: port: port must be a number; got the string "8080" (write port: 8080)',
    );
  });
});
