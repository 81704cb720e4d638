/** `npm run bench`: every benchmark, each printing its own table. Not part of `npm test`. */
import { benchStartup } from './startup.js';

await benchStartup(process.env.OPSDECK_BENCH_POSTGRES_URL ?? process.env.OPSDECK_TEST_POSTGRES_URL);
