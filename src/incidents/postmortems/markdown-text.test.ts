import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../lib/markdown.js';
import { cell, closeOpenFence, humanDuration, quoted } from './markdown-text.js';

describe('markdown text', () => {
  it('keeps a table cell one cell: pipes, backslashes and newlines neutralized', () => {
    const text = 'a | b\\|c\nnext line';
    const html = renderMarkdown(`| x | y |\n| --- | --- |\n| ${cell(text)} | end |\n`);
    expect(html).toContain('<td>a | b\\|c next line</td>');
    expect(html).toContain('<td>end</td>');
    expect(cell('  ')).toBe('—');
  });

  it('quotes every line of a note, so headings and rules stay inside', () => {
    expect(quoted('one\n# two\n---')).toBe('  > one\n  > # two\n  > ---');
  });

  it('closes a code fence the body leaves open, and only then', () => {
    expect(closeOpenFence('text\n```js\ncode')).toBe('text\n```js\ncode\n```');
    expect(closeOpenFence('~~~~\ncode\n~~~\nmore')).toBe('~~~~\ncode\n~~~\nmore\n~~~~');
    expect(closeOpenFence('```\ncode\n```\n')).toBe('```\ncode\n```\n');
    expect(closeOpenFence('inline ``` `x` ``` here')).toBe('inline ``` `x` ``` here');
  });

  it('says durations the way people do', () => {
    expect(
      [0, 45_000, 90_000, 720_000, 3_900_000, 86_400_000 + 3 * 3_600_000].map(humanDuration),
    ).toEqual(['0s', '45s', '1m 30s', '12m', '1h 5m', '1d 3h']);
    expect(humanDuration(-5_000)).toBe('0s');
  });
});
