/**
 * Putting text people wrote into the generated markdown without letting it change the
 * document's structure: table cells (pipes, newlines), one-line headings, quoted notes, and a
 * body whose unclosed code fence would otherwise swallow every section after it. Plus the
 * times and durations the document prints. Pure.
 */

/** A table cell: one line, backslashes and pipes escaped (GFM splits cells before inlines). */
export function cell(text: string | null | undefined): string {
  const line = oneLine(text ?? '');
  return line === '' ? '—' : line.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** Newlines and runs of whitespace as single spaces (headings, list items). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * `text` as a blockquote under a list item (`indent` spaces deep): every line is quoted, so a
 * line starting with `#`, `-` or `|` stays inside the quote.
 */
export function quoted(text: string, indent = 2): string {
  const pad = ' '.repeat(indent);
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => `${pad}> ${line}`.trimEnd())
    .join('\n');
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/**
 * `markdown` with any code fence it leaves open closed at its end (CommonMark: a closing fence
 * uses the opening's character, at least as many, and nothing but spaces after it).
 */
export function closeOpenFence(markdown: string): string {
  let open: string | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    const m = FENCE.exec(line);
    if (!m) continue;
    const [, marks, rest] = m as unknown as [string, string, string];
    if (open === null) {
      // A backtick fence's info string cannot contain a backtick (then it is inline code).
      if (marks[0] === '`' && rest.includes('`')) continue;
      open = marks;
    } else if (marks[0] === open[0] && marks.length >= open.length && rest.trim() === '') {
      open = null;
    }
  }
  return open === null ? markdown : `${markdown.replace(/\s+$/, '')}\n${open}`;
}

/** Epoch ms as `2026-05-01 14:03 UTC` (`14:03:27` with `seconds`). */
export function shortTime(ms: number, seconds = false): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC`;
}

/** A duration as people say it: `45s`, `12m`, `1h 5m`, `2d 3h`. Negative spans count as 0. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 || m >= 10 ? `${m}m` : `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`;
  const d = Math.floor(h / 24);
  return h % 24 === 0 ? `${d}d` : `${d}d ${h % 24}h`;
}
