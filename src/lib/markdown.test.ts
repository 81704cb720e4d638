import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders markdown', () => {
    expect(renderMarkdown('**db** is _down_\n\n- one\n- two')).toBe(
      '<p><strong>db</strong> is <em>down</em></p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n',
    );
  });

  it('escapes raw HTML instead of passing it through', () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it('refuses script URLs and marks links', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('href="javascript');
    expect(renderMarkdown('[x](JaVaScRiPt:alert(1))')).not.toContain('href=');
    expect(renderMarkdown('[grafana](https://grafana.example.com/d/1)')).toBe(
      '<p><a href="https://grafana.example.com/d/1" rel="nofollow noopener noreferrer" target="_blank">grafana</a></p>\n',
    );
  });
});
