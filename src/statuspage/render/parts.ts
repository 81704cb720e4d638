/** Fragments of the status page: components with their bars, incidents, maintenance. */
import type { PageComponent, PageIncident, PageMaintenance, PageModel } from '../model.js';
import { dayStatus, STATUS_WORDS } from '../status.js';
import { esc, percent, time } from './kit.js';

const DAY_MS = 86_400_000;
const UPDATE_WORDS: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/** Short classes for the 90 bars of each component (see css.ts). */
export const BAR_CLASS = {
  operational: 'o',
  degraded_performance: 'd',
  partial_outage: 'p',
  major_outage: 'm',
  under_maintenance: 'u',
} as const;

export const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One day's text: "2025-06-08: 99.95% uptime, about 1 minute down" (or "no data"). */
export function dayText(c: PageComponent, i: number): string {
  const days = c.days!;
  const date = dateOf(Date.parse(days.from) + i * DAY_MS);
  const uptime = days.days[i];
  if (uptime === null || uptime === undefined) return `${date}: no data`;
  const down = days.downMinutes[i] ?? 0;
  const minutes = down === 0 ? 'no downtime' : `about ${down} minute${down === 1 ? '' : 's'} down`;
  return `${date}: ${percent(uptime)} uptime, ${minutes}`;
}

/** 90 bars, each a link to that day's detail (no JS) with its text for screen readers. */
function bars(c: PageComponent): string {
  if (!c.days) return '<p class="muted">No uptime data yet.</p>';
  const items = c.days.days.map((u, i) => {
    const status = dayStatus(u);
    const text = esc(dayText(c, i));
    const date = dateOf(Date.parse(c.days!.from) + i * DAY_MS);
    // The title is each link's accessible name and tooltip; a relative link keeps bytes down.
    return `<li class=${status ? BAR_CLASS[status] : 'n'}><a href="?day=${date}#day" title="${text}"></a>`;
  });
  const n = c.days.days.length;
  return `<ol class="bars" aria-label="Daily uptime of ${esc(c.name)}, last ${n} days">${items.join('')}</ol>
<div class="scale muted"><span><span class="wide">${n} days ago</span><span class="narrow">30 days ago</span></span><span>${c.uptime === null ? 'no data' : `${percent(c.uptime)} uptime`}</span><span>Today</span></div>`;
}

export function component(c: PageComponent, base: string, heading: 'h3' | 'h4'): string {
  return `<li class="comp s-${c.status}" id="c-${esc(c.id)}"><div class="row"><${heading}>${esc(c.name)}</${heading}><span><span class="dot" aria-hidden="true"></span>${STATUS_WORDS[c.status]}</span></div>
${c.description ? `<p class="muted">${esc(c.description)}</p>` : ''}${bars(c)}</li>`;
}

export function components(m: PageModel, base: string): string {
  const visible = (c: PageComponent) => !c.onlyShowIfDegraded || c.status !== 'operational';
  const out = m.layout.map((entry) => {
    if ('component' in entry) {
      const c = m.components.get(entry.component)!;
      return visible(c) ? component(c, base, 'h3') : '';
    }
    const g = m.groups.get(entry.group)!;
    const inner = g.components.map((id) => m.components.get(id)!).filter(visible);
    if (inner.length === 0) return '';
    return `<li class="group s-${g.status}"><div class="row"><h3>${esc(g.name)}</h3><span><span class="dot" aria-hidden="true"></span>${STATUS_WORDS[g.status]}</span></div>
<ul class="list">${inner.map((c) => component(c, base, 'h4')).join('\n')}</ul></li>`;
  });
  return `<ul class="list">${out.join('\n')}</ul>`;
}

export function incident(i: PageIncident, m: PageModel, heading: 'h3' = 'h3'): string {
  const zone = m.config.time_zone;
  const names = i.components.map((id) => m.components.get(id)?.name ?? id);
  const updates = i.updates
    .map(
      (u) =>
        `<li class="update"><strong>${UPDATE_WORDS[u.status] ?? esc(u.status)}</strong> — ${time(u.at, zone)}<div>${u.html}</div></li>`,
    )
    .join('');
  const tone =
    i.resolvedAt !== null
      ? 'operational'
      : i.impact === 'critical'
        ? 'major_outage'
        : i.impact === 'major'
          ? 'partial_outage'
          : 'degraded_performance';
  return `<article class="incident s-${tone}" id="incident-${i.id}"><${heading}>${esc(i.title)}</${heading}>
<p class="muted">${names.length ? `Affects ${esc(names.join(', '))}. ` : ''}Impact: ${i.impact}.</p>
<ol class="list">${updates}</ol></article>`;
}

export function maintenance(w: PageMaintenance, m: PageModel): string {
  const zone = m.config.time_zone;
  const names = w.components.map((id) => m.components.get(id)?.name ?? id);
  const when = w.status === 'in_progress' ? 'In progress since' : 'Scheduled for';
  return `<article class="incident s-under_maintenance"><h3>${esc(w.name)}</h3>
<p>${when} ${time(w.from, zone)} until ${time(w.until, zone)}.</p><p class="muted">Affects ${esc(names.join(', '))}.</p></article>`;
}
