/** The HTML pages: status (with an optional day's detail), history, password form, not found. */
import type { StatusPageConfig } from '../../config/schema/index.js';
import type { PageModel } from '../model.js';
import { STATUS_WORDS } from '../status.js';
import { document, esc, percent, time } from './kit.js';
import { components, dateOf, dayText, incident, maintenance } from './parts.js';

const DAY_MS = 86_400_000;

function dayDetail(m: PageModel, day: string): string {
  const start = Date.parse(`${day}T00:00:00Z`);
  const rows = [...m.components.values()].map((c) => {
    const i = c.days ? Math.round((start - Date.parse(c.days.from)) / DAY_MS) : -1;
    const known = c.days && i >= 0 && i < c.days.days.length;
    const uptime = known ? c.days!.days[i] : null;
    const down = known ? c.days!.downMinutes[i] : null;
    return `<tr><th scope="row">${esc(c.name)}</th><td>${uptime == null ? 'no data' : percent(uptime)}</td><td>${down == null ? '—' : `${down} min`}</td></tr>`;
  });
  const during = [...m.active, ...m.past].filter(
    (i) => i.startedAt < start + DAY_MS && (i.resolvedAt ?? Infinity) >= start,
  );
  return `<section aria-labelledby="day"><h2 id="day">${esc(day)} (UTC)</h2>
<table><caption class="vh">Uptime per component on ${esc(day)}</caption><thead><tr><th scope="col">Component</th><th scope="col">Uptime</th><th scope="col">Down (estimated)</th></tr></thead><tbody>${rows.join('')}</tbody></table>
${during.length ? during.map((i) => incident(i, m)).join('\n') : '<p>No incidents this day.</p>'}
<p><a href="/status/${esc(m.slug)}">Back to today</a></p></section>`;
}

export function statusHtml(m: PageModel, day?: string): string {
  const base = `/status/${m.slug}`;
  const zone = m.config.time_zone;
  const body = `<h1>${esc(m.config.title)}</h1>
${m.config.description ? `<p>${esc(m.config.description)}</p>` : ''}
<section aria-labelledby="now" class="s-${m.status}"><h2 id="now" class="banner">${esc(m.description)}</h2>
<p class="muted">Overall: ${STATUS_WORDS[m.status]}. Last change ${time(m.updatedAt, zone)}.</p></section>
${day ? dayDetail(m, day) : ''}
${m.active.length ? `<section aria-labelledby="active"><h2 id="active">Active incidents</h2>${m.active.map((i) => incident(i, m)).join('\n')}</section>` : ''}
${m.maintenances.length ? `<section aria-labelledby="maint"><h2 id="maint">Scheduled maintenance</h2>${m.maintenances.map((w) => maintenance(w, m)).join('\n')}</section>` : ''}
<section aria-labelledby="components"><h2 id="components">Components</h2>
<p class="muted">Bars show daily uptime (UTC days); choose a day for its detail.</p>
${components(m, base)}</section>
<section aria-labelledby="past"><h2 id="past">Recent incidents</h2>
${
  m.past.length
    ? m.past
        .slice(0, 5)
        .map((i) => incident(i, m))
        .join('\n')
    : '<p>No incidents in the last 90 days.</p>'
}
<p><a href="${base}/history">Incident history</a></p></section>`;
  return document({
    slug: m.slug,
    page: m.config,
    title: day ? `${m.config.title}: ${day}` : m.config.title,
    body,
    current: 'status',
  });
}

export function historyHtml(m: PageModel): string {
  const byMonth = new Map<string, typeof m.past>();
  for (const i of [...m.active, ...m.past]) {
    const month = dateOf(i.createdAt).slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), i]);
  }
  const months = [...byMonth].map(
    ([month, list]) =>
      `<section aria-labelledby="m-${month}"><h2 id="m-${month}">${month}</h2>${list.map((i) => incident(i, m)).join('\n')}</section>`,
  );
  const body = `<h1>${esc(m.config.title)}: incident history</h1>
<p>Incidents of the last 90 days with their public updates, newest first.</p>
${months.length ? months.join('\n') : '<p>No incidents in the last 90 days.</p>'}`;
  return document({
    slug: m.slug,
    page: m.config,
    title: `Incident history · ${m.config.title}`,
    body,
    current: 'history',
  });
}

/** The password form; `failed` adds a plain message (the answer is then a 401). */
export function loginHtml(
  slug: string,
  page: StatusPageConfig,
  next: string,
  failed: boolean | 'throttled',
): string {
  const message =
    failed === 'throttled'
      ? 'Too many wrong passwords from here. Try again in a few minutes.'
      : failed
        ? 'That password is not right. Try again.'
        : '';
  const body = `<h1>${esc(page.title)}</h1>
<p>This status page is private. Enter its password to see it.</p>
${message ? `<p class="error" role="alert">${message}</p>` : ''}
<form method="post" action="/status/${esc(slug)}/login">
<input type="hidden" name="next" value="${esc(next)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<p><button type="submit">Show the status page</button></p>
</form>`;
  return document({ slug, page, title: `${page.title}: password`, body });
}

export function notFoundHtml(slug: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Status page not found</title></head>
<body><main><h1>Status page not found</h1><p>There is no status page called “${esc(slug)}”.</p></main></body></html>
`;
}

export { dayText };
