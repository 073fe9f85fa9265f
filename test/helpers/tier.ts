/** Whether this run is the fast tier (`npm run test:fast`), and how many cases a property runs there. */
export const FAST_TIER = process.env.VPCREACH_TEST_TIER === 'fast';
export const FAST_RUNS = 25;
