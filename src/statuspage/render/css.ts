/**
 * The page's CSS, inlined (one request, no JS, works from a cache). Colours come from config,
 * whose schema checks their contrast; text on a status colour is black or white, whichever
 * contrasts more (always ≥ 4.5:1). Narrow screens show the last 30 days of bars.
 */
import type { StatusPageConfig } from '../../config/schema/index.js';
import { contrastRatio, parseHexColour } from '../../config/schema/status-pages.js';
import { BAR_CLASS } from './parts.js';

/** Black or white, whichever reads better on `bg`. */
export function inkOn(bg: string): string {
  const rgb = parseHexColour(bg);
  return contrastRatio(rgb, [0, 0, 0]) >= contrastRatio(rgb, [255, 255, 255])
    ? '#000000'
    : '#ffffff';
}

export function pageCss(c: StatusPageConfig['colours']): string {
  const statuses = [
    'operational',
    'degraded_performance',
    'partial_outage',
    'major_outage',
    'under_maintenance',
  ] as const;
  const marks = statuses.map((s) => `.s-${s}{--mark:${c[s]};--ink:${inkOn(c[s])}}`).join('');
  // Each day's bar in that day's colour (short classes: 90 bars a component add up).
  const bars = statuses.map((s) => `.bars .${BAR_CLASS[s]}{--mark:${c[s]}}`).join('');
  return `:root{--bg:${c.background};--text:${c.text};--accent:${c.accent};--accent-ink:${inkOn(c.accent)}}
${marks}
${bars}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--accent)}
.wrap{max-width:56rem;margin:0 auto;padding:0 1rem}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
.top{border-bottom:1px solid var(--text);margin-bottom:1.5rem}
.top .wrap{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem;padding-top:.75rem;padding-bottom:.75rem}
.brand{font-weight:700;font-size:1.25rem;text-decoration:none;color:var(--text)}
.brand img{display:block;max-height:32px;width:auto}
nav a{margin-left:1rem}nav a[aria-current]{font-weight:700}
h1{font-size:1.75rem;margin:.5rem 0}
h2{font-size:1.25rem;margin:2rem 0 .75rem}
h3,h4{font-size:1rem;margin:0}
.banner{background:var(--mark);color:var(--ink);padding:1rem 1.25rem;border-radius:.5rem;font-size:1.25rem;font-weight:700;margin:1rem 0}
.dot{display:inline-block;width:.75rem;height:.75rem;border-radius:50%;background:var(--mark);margin-right:.4rem;vertical-align:baseline}
.list{list-style:none;margin:0;padding:0}
.comp{border:1px solid var(--text);border-radius:.5rem;padding:.75rem 1rem;margin-bottom:.75rem}
.group>.comp{margin-left:1rem}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem}
.muted{opacity:.85}
.bars{display:flex;gap:2px;list-style:none;margin:.5rem 0 .25rem;padding:0;height:2rem}
.bars li{flex:1;display:flex}
.bars a{flex:1;background:var(--mark);border-radius:2px}
.bars a:focus{outline:3px solid var(--text);outline-offset:1px}
.bars .n a{background:transparent;border:1px solid var(--text);opacity:.5}
.scale{display:flex;justify-content:space-between;font-size:.875rem}
.incident{border-left:4px solid var(--mark);padding:.25rem 1rem;margin-bottom:1rem}
.update{margin:.5rem 0}.update p{margin:.25rem 0}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid var(--text)}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.narrow{display:none}
@media (max-width:600px){.bars li:nth-child(-n+60){display:none}.wide{display:none}.narrow{display:inline}nav a{margin-left:.5rem}}
form label{display:block;margin:.5rem 0}input[type=password]{font:inherit;padding:.5rem;border:1px solid var(--text);background:var(--bg);color:var(--text)}
button{font:inherit;padding:.5rem 1rem;background:var(--accent);color:var(--accent-ink);border:0;border-radius:.25rem}
.error{font-weight:700}`;
}
