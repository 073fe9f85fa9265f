export * from './diagnostic.js';
export * from './types.js';
export * from './provider.js';
