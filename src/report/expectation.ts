import type { Expectation } from '../verify/scenario.js';

/** An expectation's port: "80", or "6000-7000" for a range. */
export function expectationPorts(x: Expectation): string {
  return x.port === x.portEnd ? String(x.port) : `${x.port}-${x.portEnd}`;
}
