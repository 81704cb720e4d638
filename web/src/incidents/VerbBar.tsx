import { useState } from 'react';
import type { Incident } from '../api/types';
import { Dialog } from '../ui/Dialog';
import { useDraft } from '../ui/useDraft';

export type Verb = 'acknowledge' | 'resolve' | 'escalate' | 'reopen' | 'close';

const OPEN = new Set(['triggered', 'acknowledged', 'investigating', 'identified', 'monitoring']);

/**
 * The incident's verbs as buttons (shortcut letters shown). Resolve asks to confirm, with an
 * optional reason; reassign asks whom to page. `resolving` is lifted so the `r` shortcut can
 * open the same confirmation.
 */
export function VerbBar({
  incident,
  pending,
  onVerb,
  onReassign,
  resolving,
  setResolving,
}: {
  incident: Incident;
  pending: boolean;
  onVerb: (verb: Verb, body?: unknown) => Promise<boolean>;
  onReassign: (to: string) => Promise<boolean>;
  resolving: boolean;
  setResolving: (v: boolean) => void;
}) {
  const [reason, setReason, clearReason] = useDraft(`resolve.${incident.id}`, '');
  const [reassigning, setReassigning] = useState(false);
  const [to, setTo] = useState('');
  const open = OPEN.has(incident.status);
  return (
    <>
      <div className="verbs" role="group" aria-label="Incident actions">
        {open && (
          <>
            <button
              type="button"
              className="primary"
              disabled={pending || incident.status !== 'triggered'}
              aria-keyshortcuts="a"
              onClick={() => void onVerb('acknowledge')}
            >
              Acknowledge <kbd aria-hidden="true">a</kbd>
            </button>
            <button
              type="button"
              disabled={pending}
              aria-keyshortcuts="r"
              onClick={() => setResolving(true)}
            >
              Resolve <kbd aria-hidden="true">r</kbd>
            </button>
            <button
              type="button"
              disabled={pending}
              aria-keyshortcuts="e"
              onClick={() => void onVerb('escalate')}
            >
              Escalate <kbd aria-hidden="true">e</kbd>
            </button>
            <button type="button" disabled={pending} onClick={() => setReassigning(true)}>
              Reassign
            </button>
          </>
        )}
        {!open && (
          <button type="button" disabled={pending} onClick={() => void onVerb('reopen')}>
            Reopen
          </button>
        )}
        {incident.status === 'resolved' && (
          <button type="button" disabled={pending} onClick={() => void onVerb('close')}>
            Close
          </button>
        )}
      </div>
      {resolving && (
        <Dialog
          title={`Resolve incident #${incident.id}?`}
          onClose={() => setResolving(false)}
          testId="resolve-dialog"
        >
          <form
            className="stack"
            onSubmit={async (e) => {
              e.preventDefault();
              if (await onVerb('resolve', reason.trim() ? { reason: reason.trim() } : undefined)) {
                clearReason();
                setResolving(false);
              }
            }}
          >
            <p>
              Resolving stops paging
              {incident.severity ? ` and may open the ${incident.severity} post-mortem` : ''}.
            </p>
            <div className="field">
              <label htmlFor="resolve-reason">Reason (optional)</label>
              <input
                id="resolve-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </div>
            <div className="row">
              <button type="submit" className="primary" disabled={pending}>
                Resolve
              </button>
              <button type="button" onClick={() => setResolving(false)}>
                Cancel
              </button>
            </div>
          </form>
        </Dialog>
      )}
      {reassigning && (
        <Dialog title={`Reassign incident #${incident.id}`} onClose={() => setReassigning(false)}>
          <form
            className="stack"
            onSubmit={async (e) => {
              e.preventDefault();
              if (await onReassign(to.trim())) setReassigning(false);
            }}
          >
            <div className="field">
              <label htmlFor="reassign-to">Page whom</label>
              <input
                id="reassign-to"
                value={to}
                required
                placeholder="person:alice"
                aria-describedby="reassign-help"
                onChange={(e) => setTo(e.target.value)}
              />
              <span id="reassign-help" className="muted small">
                person:ID, schedule:ID, team:ID or policy:ID
              </span>
            </div>
            <div className="row">
              <button type="submit" className="primary" disabled={pending}>
                Reassign and page
              </button>
              <button type="button" onClick={() => setReassigning(false)}>
                Cancel
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}
