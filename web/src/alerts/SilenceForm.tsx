import { api } from '../api/client';
import type { Matcher, Silence } from '../api/types';
import { useMutation } from '../api/useQuery';
import { toast } from '../app/toasts';
import { ErrorText } from '../ui/ErrorText';
import { useDraft } from '../ui/useDraft';

interface Draft {
  matchers: Matcher[];
  duration: string;
  comment: string;
}

const TYPES: Matcher['type'][] = ['=', '!=', '=~', '!~'];

/**
 * A new silence: matchers (prefilled from an alert's labels), a duration and a comment.
 * The draft lives in sessionStorage under `draftKey` until the silence is created.
 */
export function SilenceForm({
  draftKey,
  initial,
  onDone,
}: {
  draftKey: string;
  initial: Matcher[];
  onDone?: (s: Silence) => void;
}) {
  const [draft, setDraft, clear] = useDraft<Draft>(`silence.${draftKey}`, {
    matchers: initial,
    duration: '2h',
    comment: '',
  });
  const m = useMutation();
  const setMatcher = (i: number, patch: Partial<Matcher>) =>
    setDraft((d) => ({
      ...d,
      matchers: d.matchers.map((x, j) => (j === i ? { ...x, ...patch } : x)),
    }));
  const id = (s: string) => `sil-${draftKey.replace(/\W/g, '')}-${s}`;

  return (
    <form
      className="stack"
      aria-label="New silence"
      onSubmit={async (e) => {
        e.preventDefault();
        const created = await m.run(() =>
          api<Silence>('/api/v1/silences', {
            method: 'POST',
            body: {
              matchers: draft.matchers.filter((x) => x.name.trim()),
              duration: draft.duration.trim(),
              comment: draft.comment,
            },
          }),
        );
        if (created) {
          clear();
          toast(`Silence ${created.id.slice(0, 8)} created`);
          onDone?.(created);
        }
      }}
    >
      <fieldset className="stack">
        <legend>Matchers</legend>
        {draft.matchers.map((x, i) => (
          <div className="row" key={i}>
            <div className="field">
              <label htmlFor={id(`name-${i}`)}>Label</label>
              <input
                id={id(`name-${i}`)}
                value={x.name}
                onChange={(e) => setMatcher(i, { name: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={id(`type-${i}`)}>Match</label>
              <select
                id={id(`type-${i}`)}
                value={x.type}
                onChange={(e) => setMatcher(i, { type: e.target.value as Matcher['type'] })}
              >
                {TYPES.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={id(`value-${i}`)}>Value</label>
              <input
                id={id(`value-${i}`)}
                value={x.value}
                onChange={(e) => setMatcher(i, { value: e.target.value })}
              />
            </div>
            <button
              type="button"
              aria-label={`Remove matcher ${x.name || i + 1}`}
              onClick={() =>
                setDraft((d) => ({ ...d, matchers: d.matchers.filter((_, j) => j !== i) }))
              }
            >
              Remove
            </button>
          </div>
        ))}
        <div>
          <button
            type="button"
            onClick={() =>
              setDraft((d) => ({
                ...d,
                matchers: [...d.matchers, { name: '', type: '=', value: '' }],
              }))
            }
          >
            Add matcher
          </button>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={id('duration')}>Duration</label>
        <input
          id={id('duration')}
          value={draft.duration}
          aria-describedby={id('duration-help')}
          onChange={(e) => setDraft((d) => ({ ...d, duration: e.target.value }))}
          required
        />
        <span id={id('duration-help')} className="muted small">
          e.g. 30m, 2h, 1d
        </span>
      </div>
      <div className="field">
        <label htmlFor={id('comment')}>Comment</label>
        <textarea
          id={id('comment')}
          value={draft.comment}
          required
          onChange={(e) => setDraft((d) => ({ ...d, comment: e.target.value }))}
        />
      </div>
      <ErrorText error={m.error} what="the silence" />
      <div>
        <button
          type="submit"
          className="primary"
          disabled={m.pending || draft.matchers.every((x) => !x.name.trim())}
        >
          {m.pending ? 'Creating…' : 'Create silence'}
        </button>
      </div>
    </form>
  );
}
