import { renderMarkdown } from './markdown';

/** HTML the server rendered and sanitized (timeline notes, post-mortem documents). */
export function ServerHtml({ html, className }: { html: string; className?: string }) {
  return <div className={`prose ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Client-side preview of markdown being typed (see markdown.ts: escaped first). */
export function MarkdownPreview({ source, label }: { source: string; label: string }) {
  return (
    <section className="preview" aria-label={label}>
      {source.trim() ? (
        <div className="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />
      ) : (
        <p className="muted">Nothing to preview yet.</p>
      )}
    </section>
  );
}
