export * from './diagnostic.js';
export * from './types.js';
