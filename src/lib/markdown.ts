/**
 * Markdown to HTML, safe to put in a page: the one renderer for notes, write-ups and
 * post-mortems. Raw HTML in the source is escaped, never passed through (`html: false`);
 * markdown-it's link check refuses `javascript:`, `vbscript:`, `file:` and non-image `data:`
 * URLs; every link opens without the opener and tells search engines to ignore it.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  token.attrSet('rel', 'nofollow noopener noreferrer');
  token.attrSet('target', '_blank');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(source: string): string {
  return md.render(source);
}
