import { useState } from 'react';
import { api } from '../api/client';
import { incidentOf } from '../api/events';
import type { Postmortem } from '../api/types';
import { useMutation, useQuery } from '../api/useQuery';
import { toast } from '../app/toasts';
import { ErrorText, LoadState } from '../ui/ErrorText';
import { formatTime } from '../ui/format';
import { MarkdownPreview, ServerHtml } from '../ui/Markdown';
import { useDraft } from '../ui/useDraft';
import { ActionItems } from './ActionItems';

/**
 * The post-mortem narrative: a textarea with a live preview (client-side, see ui/markdown),
 * Save and Publish. Unsaved text is a sessionStorage draft (null: not edited); the saved
 * document is shown as the server renders it.
 */
export function PostmortemEditor({ incidentId }: { incidentId: number }) {
  const path = `/api/v1/incidents/${incidentId}/postmortem`;
  const pm = useQuery<Postmortem>(path, {
    live: ['postmortem.*', 'action_item.*'],
    relevant: (e) => {
      const about = incidentOf(e);
      return about === undefined || about === incidentId;
    },
  });
  const [draft, setDraft, clearDraft] = useDraft<string | null>(`postmortem.${incidentId}`, null);
  const [view, setView] = useState<'edit' | 'document'>('edit');
  const m = useMutation();
  const data = pm.data;
  const text = draft ?? data?.body ?? '';
  const dirty = draft !== null && draft !== data?.body;

  const save = async () => {
    const saved = await m.run(() => api<Postmortem>(path, { method: 'PUT', body: { body: text } }));
    if (saved) {
      clearDraft();
      pm.reload();
      toast('Post-mortem saved');
    }
    return saved;
  };
  const publish = async (verb: 'publish' | 'unpublish') => {
    if (dirty && !(await save())) return;
    const done = await m.run(() => api<Postmortem>(`${path}/${verb}`, { method: 'POST' }));
    if (done) {
      pm.reload();
      toast(verb === 'publish' ? 'Post-mortem published' : 'Post-mortem back to draft');
    }
  };

  return (
    <section aria-labelledby="pm-h">
      <div className="page-head">
        <h2 id="pm-h">Post-mortem</h2>
        {data && (
          <span className="muted small" data-testid="postmortem-status">
            {data.status.replace('_', ' ')}
            {data.required && data.due_at && ` · due ${formatTime(data.due_at)}`}
            {data.overdue && ' · overdue'}
            {data.updated_at &&
              ` · saved ${formatTime(data.updated_at)} by ${data.updated_by ?? '?'}`}
          </span>
        )}
      </div>
      <LoadState loading={pm.loading} error={pm.error} empty={!data} />
      {data && (
        <>
          <div className="row" role="group" aria-label="Post-mortem view">
            <button type="button" aria-pressed={view === 'edit'} onClick={() => setView('edit')}>
              Edit
            </button>
            <button
              type="button"
              aria-pressed={view === 'document'}
              onClick={() => setView('document')}
            >
              Saved document
            </button>
          </div>
          {view === 'edit' ? (
            <div className="editor">
              <div className="field">
                <label htmlFor="pm-body">
                  Narrative (markdown){data.generated && !dirty ? ' — generated draft' : ''}
                </label>
                <textarea id="pm-body" value={text} onChange={(e) => setDraft(e.target.value)} />
              </div>
              <div>
                <h3 id="pm-preview-h">Preview</h3>
                <MarkdownPreview source={text} label="Post-mortem preview" />
              </div>
            </div>
          ) : (
            <div className="panel">
              <ServerHtml html={data.html} />
            </div>
          )}
          <ErrorText error={m.error} what="the post-mortem" />
          <div className="row" style={{ marginTop: '0.75rem' }}>
            <button
              type="button"
              className="primary"
              disabled={m.pending || !dirty}
              onClick={() => void save()}
            >
              Save
            </button>
            {data.status !== 'published' ? (
              <button type="button" disabled={m.pending} onClick={() => void publish('publish')}>
                Publish
              </button>
            ) : (
              <button type="button" disabled={m.pending} onClick={() => void publish('unpublish')}>
                Unpublish
              </button>
            )}
            {dirty && (
              <button type="button" className="link" onClick={clearDraft}>
                Discard changes
              </button>
            )}
            {dirty && <span className="muted small">Unsaved changes are kept in this tab.</span>}
          </div>
          <ActionItems
            incidentId={incidentId}
            items={data.action_items ?? []}
            onChanged={pm.reload}
          />
        </>
      )}
    </section>
  );
}
