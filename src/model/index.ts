export * from './diagnostic.js';
export * from './types.js';
export * from './provider.js';
export * from './suggest.js';
export * from './words.js';
export * from './arrays.js';
export * from './terraform-words.js';
export * from './by-vpc.js';
