/**
 * Atom 1.0 feed (RFC 4287) of the page's incidents: one entry per incident, its updates as
 * escaped HTML content, updated when the incident last changed, so feed readers show news.
 */
import type { PageModel } from '../model.js';
import { esc } from './kit.js';

const iso = (ms: number) => new Date(ms).toISOString();

export function atomFeed(m: PageModel): string {
  const incidents = [...m.active, ...m.past].sort((a, b) => b.updatedAt - a.updatedAt);
  const host = (() => {
    try {
      return new URL(m.url).host;
    } catch {
      return 'localhost';
    }
  })();
  const entries = incidents.map((i) => {
    const content = i.updates
      .map((u) => `<p><strong>${esc(u.status)}</strong> (${iso(u.at)})</p>${u.html}`)
      .join('');
    return `<entry>
<id>tag:${esc(host)},2025:status/${esc(m.slug)}/incident/${i.id}</id>
<title>${esc(i.title)}</title>
<updated>${iso(i.updatedAt)}</updated>
<published>${iso(i.createdAt)}</published>
<link rel="alternate" type="text/html" href="${esc(m.url)}/history#incident-${i.id}"/>
<content type="html">${esc(content)}</content>
</entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${esc(m.url)}</id>
<title>${esc(m.config.title)} incidents</title>
<updated>${iso(m.updatedAt)}</updated>
<author><name>${esc(m.config.title)}</name></author>
<link rel="self" type="application/atom+xml" href="${esc(m.url)}/feed.atom"/>
<link rel="alternate" type="text/html" href="${esc(m.url)}"/>
${entries.join('\n')}
</feed>
`;
}
