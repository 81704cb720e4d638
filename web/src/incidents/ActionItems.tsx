import { useState } from 'react';
import { api } from '../api/client';
import type { ActionItem } from '../api/types';
import { useMutation } from '../api/useQuery';
import { toast } from '../app/toasts';
import { ErrorText } from '../ui/ErrorText';
import { formatTime } from '../ui/format';
import { useDraft } from '../ui/useDraft';

interface NewItem {
  title: string;
  owner: string;
  due: string;
}
const EMPTY: NewItem = { title: '', owner: '', due: '' };

/**
 * The post-mortem's action items (from its document): a checkbox marks one done or open
 * again (`PATCH /api/v1/action-items/:id`), a form adds one with an owner and a due date.
 * The form's text is a draft until the server takes it.
 */
export function ActionItems({
  incidentId,
  items,
  onChanged,
}: {
  incidentId: number;
  items: ActionItem[];
  onChanged: () => void;
}) {
  const [draft, setDraft, clearDraft] = useDraft<NewItem>(`action-item.${incidentId}`, EMPTY);
  const add = useMutation();
  const mark = useMutation();
  // A click shows at once; it holds until the item changes on the server (or the write fails).
  const [marked, setMarked] = useState<Record<number, { status: string; since: string }>>({});
  const statusOf = (item: ActionItem) => {
    const m = marked[item.id];
    return m && m.since === item.updated_at ? m.status : item.status;
  };
  const set = (k: keyof NewItem) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));
  const open = items.filter((i) => i.status === 'open').length;

  return (
    <section className="panel action-items" aria-labelledby="ai-h">
      <h3 id="ai-h">
        Action items{' '}
        <span className="muted small">
          {items.length ? `${open} open of ${items.length}` : 'none yet'}
        </span>
      </h3>
      <ErrorText error={mark.error} what="the action item" />
      {items.length > 0 && (
        <ul className="ai-list" data-testid="action-items">
          {items.map((item) => {
            const box = `ai-done-${item.id}`;
            return (
              <li key={item.id} className={statusOf(item) === 'done' ? 'done' : undefined}>
                <div className="check">
                  <input
                    id={box}
                    type="checkbox"
                    checked={statusOf(item) === 'done'}
                    aria-describedby={`${box}-facts`}
                    onChange={async (e) => {
                      const status = e.target.checked ? 'done' : 'open';
                      setMarked((m) => ({
                        ...m,
                        [item.id]: { status, since: item.updated_at },
                      }));
                      const r = await mark.run(() =>
                        api<ActionItem>(`/api/v1/action-items/${item.id}`, {
                          method: 'PATCH',
                          body: { status },
                        }),
                      );
                      if (r) {
                        toast(
                          status === 'done'
                            ? `Action item done: ${item.title}`
                            : `Action item open again: ${item.title}`,
                        );
                        onChanged();
                      } else
                        setMarked((m) => {
                          const { [item.id]: _, ...rest } = m;
                          return rest;
                        });
                    }}
                  />
                  <label htmlFor={box}>
                    <span className="visually-hidden">Done: </span>
                    {item.title}
                  </label>
                </div>
                <div id={`${box}-facts`} className="muted small ai-facts">
                  {item.status === 'done' ? 'done' : 'open'}
                  {` · owner: ${item.owner ?? 'nobody'}`}
                  {item.due_at && ` · due ${formatTime(item.due_at)}`}
                  {item.overdue && <strong className="warn-text"> · overdue</strong>}
                  {item.done_by && ` · done by ${item.done_by}`}
                  {item.url && (
                    <>
                      {' · '}
                      <a href={item.url} target="_blank" rel="noreferrer noopener">
                        link<span className="visually-hidden"> for {item.title}</span>
                      </a>
                    </>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <form
        className="ai-form"
        aria-labelledby="ai-add-h"
        onSubmit={async (e) => {
          e.preventDefault();
          const title = draft.title.trim();
          if (!title) return;
          const body: Record<string, string> = { title };
          if (draft.owner.trim()) body.owner = draft.owner.trim();
          if (draft.due) body.due = draft.due;
          const r = await add.run(() =>
            api<ActionItem>(`/api/v1/incidents/${incidentId}/action-items`, {
              method: 'POST',
              body,
            }),
          );
          if (r) {
            clearDraft();
            toast(`Action item added: ${r.title}`);
            onChanged();
          }
        }}
      >
        <h4 id="ai-add-h">Add an action item</h4>
        <div className="field ai-title">
          <label htmlFor="ai-title">New action item</label>
          <input
            id="ai-title"
            required
            maxLength={500}
            value={draft.title}
            onChange={set('title')}
          />
        </div>
        <div className="field">
          <label htmlFor="ai-owner">Owner (person id)</label>
          <input
            id="ai-owner"
            autoCapitalize="none"
            spellCheck={false}
            value={draft.owner}
            placeholder="alice"
            onChange={set('owner')}
          />
        </div>
        <div className="field">
          <label htmlFor="ai-due">Due date</label>
          <input id="ai-due" type="date" value={draft.due} onChange={set('due')} />
        </div>
        <button type="submit" className="primary" disabled={add.pending || !draft.title.trim()}>
          Add action item
        </button>
        <ErrorText error={add.error} what="the action item" />
      </form>
    </section>
  );
}
