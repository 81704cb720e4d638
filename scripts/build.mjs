// `npm run build`: bundles the CLI and server into dist/opsdeck.mjs with esbuild.
//
// Why a bundle: Node 20 loads an ESM dependency tree file by file, and ours is hundreds of
// files (kysely alone is ~200 ms). One file starts Opsdeck in well under half the time, which
// is what the cold-start target (1,000 services ready in < 1.5 s) needs. Type checking is
// `npm run typecheck` (tsc), which `npm test` runs first.
//
// Kept external: native addons (better-sqlite3, pg-native), pino (its transports run in
// worker threads that resolve modules by name) and @fastify/swagger-ui (serves files found
// relative to its own package).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/opsdeck.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  external: ['better-sqlite3', 'pg-native', 'pino', 'pino-pretty', '@fastify/swagger-ui'],
  // Bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
