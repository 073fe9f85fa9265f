// An example of a user's own test file: assert the network in CI with vitest.
import { describe, expect, it } from 'vitest';
import { loadModel } from 'vpcreach';
import 'vpcreach/vitest';

// A load result: the model when it is valid (ok, value), and the diagnostics either way. The matchers take it as its model.
const model = loadModel('models/seed-elb/model.yaml');

describe('web service through the VPC endpoint', () => {
  it('the model is valid', () => {
    expect(model.ok).toBe(true);
    expect(model.diagnostics).toEqual([]);
  });

  it('the client reaches the service on the terminal port', () => {
    expect(model).toReach({ from: 'ecs-client', to: 'ep-web', port: 8080 });
  });

  it('nothing is mapped on port 80', () => {
    expect(model).not.toReach({ from: 'ecs-client', to: 'ep-web', port: 80 });
    expect(model).toReachWith({ from: 'ecs-client', to: 'ep-web', port: 80 }, 'NO_PORT_MAPPING');
  });

  it('a model file path works as well', () => {
    expect('models/missing-vpcep-rule/model.yaml').toReachWith({ from: 'ecs-client', to: 'ep-api', port: 80 }, 'SG_INGRESS_DENIED');
  });

  it('policy: nothing in the consumer VPC reaches the provider VPC directly, on any port', () => {
    expect(model).toSatisfyPolicy({ from: 'vpc-1', to: 'vpc-2', port: '1-65535', expect: 'unreachable' });
  });
});
