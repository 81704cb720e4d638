import { useState } from 'react';
import { Link, useParams } from 'wouter';
import { api } from '../api/client';
import { incidentOf } from '../api/events';
import type { Incident, IncidentDetail } from '../api/types';
import { useMutation, useQuery } from '../api/useQuery';
import { usePageShortcuts } from '../app/shortcuts';
import { toast } from '../app/toasts';
import { useTitle } from '../app/useTitle';
import { ErrorText, LoadState } from '../ui/ErrorText';
import { ago, formatTime } from '../ui/format';
import { StatusPill } from '../ui/StatusPill';
import { TabPanel, Tabs } from '../ui/Tabs';
import { IncidentControls } from './IncidentControls';
import { NOTE_BOX_ID, NoteBox } from './NoteBox';
import { PostmortemEditor } from './PostmortemEditor';
import { RolesPanel } from './RolesPanel';
import { Timeline } from './Timeline';
import { UpdatesPanel } from './UpdatesPanel';
import { VerbBar, type Verb } from './VerbBar';

const DONE: Record<Verb, string> = {
  acknowledge: 'Acknowledged',
  resolve: 'Resolved',
  escalate: 'Escalated',
  reopen: 'Reopened',
  close: 'Closed',
};

export default function IncidentPage() {
  const { id: idText = '' } = useParams<{ id: string }>();
  const id = Number(idText);
  const q = useQuery<IncidentDetail>(
    Number.isInteger(id) && id > 0 ? `/api/v1/incidents/${id}` : null,
    {
      live: ['incident.*', 'postmortem.*'],
      // Only changes to this incident (an event that does not say which is taken as ours).
      relevant: (e) => {
        const about = incidentOf(e);
        return about === undefined || about === id;
      },
    },
  );
  const inc = q.data;
  useTitle(inc ? `#${inc.id} ${inc.title}` : `Incident ${idText}`);
  const [tab, setTab] = useState<'timeline' | 'postmortem'>('timeline');
  const [resolving, setResolving] = useState(false);
  const m = useMutation();
  const pins = useMutation();

  const verb = async (v: Verb, body?: unknown) => {
    const r = await m.run(() =>
      api<Incident>(`/api/v1/incidents/${id}/${v}`, { method: 'POST', body }),
    );
    if (r) {
      toast(`${DONE[v]} incident #${id}`);
      q.reload();
    }
    return r !== undefined;
  };
  const reassign = async (to: string) => {
    const r = await m.run(() =>
      api<Incident>(`/api/v1/incidents/${id}/reassign`, { method: 'POST', body: { to } }),
    );
    if (r) {
      toast(`Reassigned #${id} to ${to}`);
      q.reload();
    }
    return r !== undefined;
  };

  const pin = async (event: number, pinned: boolean) => {
    const r = await pins.run(() =>
      api<Incident>(`/api/v1/incidents/${id}/events/${event}/${pinned ? 'pin' : 'unpin'}`, {
        method: 'POST',
      }),
    );
    if (r) {
      toast(pinned ? 'Pinned for the post-mortem' : 'Unpinned');
      q.reload();
    }
  };

  usePageShortcuts([
    { key: 'a', description: 'Acknowledge this incident', run: () => void verb('acknowledge') },
    {
      key: 'r',
      description: 'Resolve this incident (asks to confirm)',
      run: () => setResolving(true),
    },
    { key: 'e', description: 'Escalate to the next step now', run: () => void verb('escalate') },
    {
      key: 'n',
      description: 'Write a note',
      run: () => {
        setTab('timeline');
        setTimeout(() => document.getElementById(NOTE_BOX_ID)?.focus(), 0);
      },
    },
  ]);

  if (!Number.isInteger(id) || id <= 0) return <h1>No incident {idText}</h1>;
  return (
    <>
      <p>
        <Link href="/incidents">← All incidents</Link>
      </p>
      <LoadState loading={q.loading} error={q.error} empty={!inc} />
      {inc && (
        <>
          <div className="page-head">
            <h1>
              #{inc.id} {inc.title}
            </h1>
            <StatusPill state={inc.status} />
            {inc.severity && <span className="sev">{inc.severity}</span>}
          </div>
          <p className="meta">
            <span>opened {ago(inc.opened_at)}</span>
            {inc.services.length > 0 && <span>services: {inc.services.join(', ')}</span>}
            {inc.acknowledged_by && <span>acknowledged by {inc.acknowledged_by}</span>}
            {inc.respond_by && !inc.acknowledged_at && (
              <span className={inc.response_breached ? 'warn-text' : undefined}>
                respond by {formatTime(inc.respond_by)}
              </span>
            )}
            {inc.escalation.policy && (
              <span>
                escalation {inc.escalation.policy}: step {inc.escalation.step + 1} of{' '}
                {inc.escalation.steps}
                {inc.escalation.next_at && `, next ${ago(inc.escalation.next_at)}`}
              </span>
            )}
            {inc.escalation.snoozed_until && (
              <span>snoozed until {formatTime(inc.escalation.snoozed_until)}</span>
            )}
          </p>
          <VerbBar
            incident={inc}
            pending={m.pending}
            onVerb={verb}
            onReassign={reassign}
            resolving={resolving}
            setResolving={setResolving}
          />
          <ErrorText error={m.error} />
          <IncidentControls incident={inc} onChanged={q.reload} />
          <Tabs
            label="Incident sections"
            idPrefix="inc"
            current={tab}
            onChange={setTab}
            tabs={[
              { key: 'timeline', text: 'Timeline' },
              { key: 'postmortem', text: 'Post-mortem' },
            ]}
          />
          <TabPanel idPrefix="inc" current={tab}>
            {tab === 'timeline' ? (
              <div className="incident-grid">
                <div>
                  <NoteBox incidentId={inc.id} onAdded={q.reload} />
                  <section aria-labelledby="tl-h">
                    <h2 id="tl-h">Timeline</h2>
                    <ErrorText error={pins.error} />
                    <Timeline entries={inc.timeline} onPin={pin} pending={pins.pending} />
                  </section>
                </div>
                <div>
                  <RolesPanel incident={inc} onChanged={q.reload} />
                  <UpdatesPanel incident={inc} onPublished={q.reload} />
                  {inc.runbooks.length > 0 && (
                    <section className="panel" aria-labelledby="rb-h">
                      <h2 id="rb-h">Runbooks</h2>
                      <ul>
                        {inc.runbooks.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                    </section>
                  )}
                  {inc.participants.length > 0 && (
                    <section className="panel" aria-labelledby="pp-h">
                      <h2 id="pp-h">Participants</h2>
                      <p>{inc.participants.join(', ')}</p>
                    </section>
                  )}
                </div>
              </div>
            ) : (
              <PostmortemEditor incidentId={inc.id} />
            )}
          </TabPanel>
        </>
      )}
    </>
  );
}
