// `npm run build`: bundles the CLI and server into dist/ with esbuild: dist/opsdeck.mjs (the
// entry bin/opsdeck runs) plus the chunks it imports.
//
// Why a bundle: Node 20 loads an ESM dependency tree file by file, and ours is hundreds of
// files (kysely alone is ~200 ms). A handful of files starts Opsdeck in well under half the
// time, which is what the cold-start target (1,000 services ready in < 1.5 s) needs. Type
// checking is `npm run typecheck` (tsc), which `npm test` runs first.
//
// Why chunks (code splitting): most commands are HTTP clients of a running server. The entry
// holds commander and the command tree; the server (`up`), storage (`migrate`, `token`) and
// the config loader (`validate`, `schema`) are dynamic `import()`s in src/cli, so esbuild puts
// them in chunks that only those commands load. A remote command then compiles ~a tenth of
// what `up` does. Chunks sit next to the entry (not in a subfolder): src/version.ts and
// src/http/console.ts find package.json and dist/web from their own file's URL.
//
// Kept external: native addons (better-sqlite3, pg-native), pino (its transports run in
// worker threads that resolve modules by name) and @fastify/swagger-ui (serves files found
// relative to its own package).
import { readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

const OUT = 'dist';

const { metafile } = await build({
  entryPoints: { opsdeck: 'src/cli/main.ts' },
  outdir: OUT,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  logLevel: 'warning',
  external: ['better-sqlite3', 'pg-native', 'pino', 'pino-pretty', '@fastify/swagger-ui'],
  // Bundled CommonJS dependencies call require(); give each ESM file of the bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});

// Chunk names carry a content hash: remove earlier builds' chunks once this one is written, so
// dist/ holds one build. Only our own files; dist/web (scripts/build-web.mjs) is left alone.
const written = new Set(Object.keys(metafile.outputs).map((path) => basename(path)));
for (const name of readdirSync(OUT)) {
  if (/^chunk-\w+\.mjs(\.map)?$/.test(name) && !written.has(name)) rmSync(join(OUT, name));
}
