/** Shared pieces of the HTML pages: escaping, dates in the page's zone, the document shell. */
import type { StatusPageConfig } from '../../config/schema/index.js';
import { pageCss } from './css.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attributes: everything from config or people. */
export const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const formats = new Map<string, Intl.DateTimeFormat>();

/** "12 Jun 2025, 14:05 CEST" in the page's zone. */
export function formatTime(ms: number, zone: string): string {
  let f = formats.get(zone);
  if (!f)
    formats.set(
      zone,
      (f = new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        dateStyle: 'medium',
        timeStyle: 'short',
      })),
    );
  const zoneName = zone === 'UTC' ? 'UTC' : zone;
  return `${f.format(new Date(ms))} ${zoneName}`;
}

/** `<time>` with a machine-readable instant. */
export const time = (ms: number, zone: string) =>
  `<time datetime="${new Date(ms).toISOString()}">${esc(formatTime(ms, zone))}</time>`;

/** 99.95 % style: two decimals, never rounding a loss up to 100. */
export function percent(ratio: number): string {
  const p = Math.floor(ratio * 10_000) / 100;
  return `${p.toFixed(2)}%`;
}

export interface Shell {
  slug: string;
  page: StatusPageConfig;
  /** The document's <title>. */
  title: string;
  body: string;
  /** Marks the current nav entry. */
  current?: 'status' | 'history';
}

/** The whole document: landmarks (header, nav, main, footer), a skip link, inlined CSS. */
export function document({ slug, page, title, body, current }: Shell): string {
  const base = `/status/${esc(slug)}`;
  const nav = (href: string, label: string, key: Shell['current']) =>
    `<a href="${href}"${current === key ? ' aria-current="page"' : ''}>${label}</a>`;
  const brand = page.logo
    ? `<img src="${esc(page.logo)}" alt="${esc(page.title)}" height="32">`
    : `<span>${esc(page.title)}</span>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<meta name="description" content="${esc(page.description ?? `Current status of ${page.title}`)}">
<link rel="alternate" type="application/atom+xml" title="${esc(page.title)} incidents" href="${base}/feed.atom">
<style>${pageCss(page.colours)}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><div class="wrap"><a class="brand" href="${base}">${brand}</a>
<nav aria-label="Status page">${nav(base, 'Status', 'status')} ${nav(`${base}/history`, 'History', 'history')} <a href="${base}/feed.atom">Atom feed</a></nav></div></header>
<main id="main" class="wrap">
${body}
</main>
<footer class="wrap"><p>Also as <a href="${base}/api/v2/summary.json">JSON</a> and an <a href="${base}/feed.atom">Atom feed</a>. Powered by Opsdeck.</p></footer>
</body>
</html>
`;
}
