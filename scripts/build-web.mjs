// `npm run build` (second half): builds the console (web/, React + Vite) into dist/web, which
// `opsdeck up` serves at `/`. Uses web/vite.config.ts; quiet unless something is wrong.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

await build({
  configFile: fileURLToPath(import.meta.resolve('../web/vite.config.ts')),
  logLevel: 'warn',
});
