// The one result shape is defined with the lowest layer (net parses user text too); the model and the library export it from here.
export type { Result } from '../net/index.js';
