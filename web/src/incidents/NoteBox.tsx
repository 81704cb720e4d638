import { useState } from 'react';
import { api } from '../api/client';
import { useMutation } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';
import { MarkdownPreview } from '../ui/Markdown';
import { useDraft } from '../ui/useDraft';

export const NOTE_BOX_ID = 'note-body';

/** A markdown note for the timeline; the draft survives reloads, outages and sign-ins. */
export function NoteBox({ incidentId, onAdded }: { incidentId: number; onAdded: () => void }) {
  const [body, setBody, clear] = useDraft(`note.${incidentId}`, '');
  const [pinned, setPinned] = useState(false);
  const [preview, setPreview] = useState(false);
  const m = useMutation();
  const submit = async () => {
    if (!body.trim()) return;
    const ok = await m.run(() =>
      api(`/api/v1/incidents/${incidentId}/notes`, { method: 'POST', body: { body, pinned } }),
    );
    if (ok) {
      clear();
      setPinned(false);
      onAdded();
    }
  };
  return (
    <form
      className="stack panel"
      aria-labelledby="note-h"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2 id="note-h">Add a note</h2>
      <label htmlFor={NOTE_BOX_ID}>Note (markdown)</label>
      <textarea
        id={NOTE_BOX_ID}
        value={body}
        aria-keyshortcuts="n"
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      />
      {preview && <MarkdownPreview source={body} label="Note preview" />}
      <ErrorText error={m.error} what="the note" />
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} />{' '}
          Pin for the post-mortem
        </label>
        <button type="button" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
          Preview
        </button>
        <button type="submit" className="primary" disabled={m.pending || !body.trim()}>
          {m.pending ? 'Adding…' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
