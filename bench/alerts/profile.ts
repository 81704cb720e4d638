/**
 * Summarises Opsdeck's --cpu-prof files from `BENCH_PROFILE=DIR npm run bench:alerts`:
 *   node --import tsx bench/alerts/profile.ts DIR/opsdeck-ingest-10000.cpuprofile [TOP]
 * Only the samples inside the measured window (`<name>.window.json`, written by the benchmark)
 * count. Positions in dist/opsdeck.mjs are mapped back to src/ and node_modules/ through the
 * bundle's source map. Prints self time by function, inclusive time by function in src/, and
 * self time by file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const BUNDLE = fileURLToPath(new URL('../../dist/opsdeck.mjs', import.meta.url));
const map = existsSync(`${BUNDLE}.map`)
  ? new SourceMap(JSON.parse(readFileSync(`${BUNDLE}.map`, 'utf8')))
  : undefined;

/** `fn (src/path.ts:line)` for a frame, through the source map when it is in the bundle. */
function place(f: CallFrame): { fn: string; file: string } {
  const fn = f.functionName || '(anonymous)';
  if (!f.url) return { fn, file: fn.startsWith('(') ? fn : '(native)' };
  if (map && f.url.endsWith('/dist/opsdeck.mjs')) {
    const e = map.findEntry(f.lineNumber, f.columnNumber) as {
      originalSource?: string;
      originalLine?: number;
    };
    if (e.originalSource) {
      const src = e.originalSource.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, 'nm:');
      return { fn: `${fn} (${src}:${(e.originalLine ?? 0) + 1})`, file: src };
    }
  }
  const url = f.url.replace(/^file:\/\/.*node_modules\//, 'nm:').replace(/^node:/, 'node:');
  return { fn: `${fn} (${url}:${f.lineNumber + 1})`, file: url };
}

function summarise(path: string, top: number): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const windowPath = path.replace(/\.cpuprofile$/, '.window.json');
  const window = existsSync(windowPath)
    ? (JSON.parse(readFileSync(windowPath, 'utf8')) as { startUs: number; endUs: number })
    : { startUs: -Infinity, endUs: Infinity };
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const places = new Map(profile.nodes.map((n) => [n.id, place(n.callFrame)]));

  const self = new Map<string, number>();
  const selfFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    // A sample's weight is the time until the next one.
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (t < window.startUs || t > window.endUs) continue;
    const id = profile.samples[i]!;
    const p = places.get(id)!;
    if (p.fn === '(idle)') continue;
    total += dt;
    self.set(p.fn, (self.get(p.fn) ?? 0) + dt);
    selfFile.set(p.file, (selfFile.get(p.file) ?? 0) + dt);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const q = places.get(n)!;
      if (!q.file.startsWith('src/') || seen.has(q.fn)) continue;
      seen.add(q.fn);
      inclusive.set(q.fn, (inclusive.get(q.fn) ?? 0) + dt);
    }
  }
  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(
        `  ${v.toFixed(0).padStart(7)} ms ${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`,
      );
  };
  console.log(`\n=== ${path}: ${total.toFixed(0)} ms busy in the measured window`);
  print('self time by function', self);
  print('inclusive time, functions in src/', inclusive);
  print('self time by file', selfFile);
}

const args = process.argv.slice(2);
const top = Number(args.find((a) => /^\d+$/.test(a)) ?? 25);
for (const path of args.filter((a) => a.endsWith('.cpuprofile'))) summarise(path, top);
