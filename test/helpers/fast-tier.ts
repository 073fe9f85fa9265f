// The fast tier (`npm run test:fast`): properties that take fast-check's default case count run fewer cases.
import fc from 'fast-check';
import { FAST_RUNS } from './tier.js';

fc.configureGlobal({ numRuns: FAST_RUNS });
