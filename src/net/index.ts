export * from './ipv4.js';
export * from './ports.js';
export * as intervals from './interval-set.js';
export type { IntervalSet } from './interval-set.js';
