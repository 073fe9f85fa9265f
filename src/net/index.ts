export * from './ipv4.js';
export * from './ports.js';
export * from './flow-space.js';
export * as intervals from './interval-set.js';
export type { IntervalSet } from './interval-set.js';
export type { Result } from './result.js';
