import { useState } from 'react';
import { qs } from '../api/client';
import type { Alert, Page } from '../api/types';
import { useQuery } from '../api/useQuery';
import { useTitle } from '../app/useTitle';
import { Dialog } from '../ui/Dialog';
import { LoadState } from '../ui/ErrorText';
import { ago } from '../ui/format';
import { StatusPill } from '../ui/StatusPill';
import { TabPanel, Tabs } from '../ui/Tabs';
import { SilenceForm } from './SilenceForm';
import { CursorPager } from '../ui/CursorPager';

type Tab = 'active' | 'silenced' | 'inhibited';

const keep: Record<Tab, (a: Alert) => boolean> = {
  active: () => true,
  silenced: (a) => a.silenced_by.length > 0,
  inhibited: (a) => a.inhibited_by.length > 0 || a.muted_by.length > 0 || a.suppressed_by !== null,
};

export default function AlertsPage() {
  useTitle('Alerts');
  const [tab, setTab] = useState<Tab>('active');
  const [filter, setFilter] = useState('');
  const [applied, setApplied] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [silencing, setSilencing] = useState<Alert | null>(null);
  const state = tab === 'active' ? 'active' : 'suppressed';
  const q = useQuery<Page<Alert>>(
    `/api/v1/alerts${qs({ state, limit: 100, filter: applied, cursor: cursors[cursors.length - 1] })}`,
    { live: ['alert.*', 'silence.*'], debounceMs: 1000 },
  );
  const items = q.data?.items.filter(keep[tab]);

  return (
    <>
      <div className="page-head">
        <h1>Alerts</h1>
      </div>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(filter.trim());
          setCursors([]);
        }}
      >
        <div className="field">
          <label htmlFor="al-filter">Filter (matcher)</label>
          <input
            id="al-filter"
            value={filter}
            placeholder='severity=~"P0|P1"'
            onChange={(e) => setFilter(e.target.value)}
          />
        </div>
        <button type="submit">Apply filter</button>
      </form>
      <Tabs
        label="Alert states"
        idPrefix="alerts"
        current={tab}
        onChange={(t) => (setTab(t), setCursors([]))}
        tabs={[
          { key: 'active', text: 'Active' },
          { key: 'silenced', text: 'Silenced' },
          { key: 'inhibited', text: 'Inhibited' },
        ]}
      />
      <TabPanel idPrefix="alerts" current={tab}>
        <LoadState loading={q.loading} error={q.error} empty={!items} />
        {items && items.length === 0 && <p>No {tab} alerts.</p>}
        <ul className="plain-list" data-testid="alert-list">
          {items?.map((a) => (
            <li key={a.fingerprint}>
              <div
                className="row"
                style={{ justifyContent: 'space-between', alignItems: 'center' }}
              >
                <div>
                  <strong>{a.labels.alertname ?? a.fingerprint}</strong>{' '}
                  {a.severity && <span className="sev">{a.severity}</span>}
                  <div className="meta">
                    <StatusPill
                      state={tab === 'active' ? 'firing' : 'suppressed'}
                      label={tab === 'active' ? 'firing' : tab}
                    />
                    <span className="muted">since {ago(a.starts_at)}</span>
                    {a.silenced_by.length > 0 && (
                      <span>silenced by {a.silenced_by.map((s) => s.slice(0, 8)).join(', ')}</span>
                    )}
                    {a.inhibited_by.length > 0 && (
                      <span>inhibited by {a.inhibited_by.length} alert(s)</span>
                    )}
                    {a.suppressed_by && <span>depends on down service {a.suppressed_by}</span>}
                  </div>
                  {a.annotations.summary && <div className="small">{a.annotations.summary}</div>}
                  <div className="small muted">
                    {Object.entries(a.labels)
                      .map(([k, v]) => `${k}="${v}"`)
                      .join(' ')}
                  </div>
                </div>
                <button
                  type="button"
                  onClick={() => setSilencing(a)}
                  aria-label={`Silence ${a.labels.alertname ?? a.fingerprint}`}
                >
                  Silence
                </button>
              </div>
            </li>
          ))}
        </ul>
        <CursorPager
          label="Alert pages"
          cursors={cursors}
          setCursors={setCursors}
          next={q.data?.next_cursor}
        />
      </TabPanel>
      {silencing && (
        <Dialog
          title={`Silence ${silencing.labels.alertname ?? 'alert'}`}
          onClose={() => setSilencing(null)}
          testId="silence-dialog"
        >
          <SilenceForm
            draftKey={silencing.fingerprint}
            initial={Object.entries(silencing.labels).map(([name, value]) => ({
              name,
              type: '=' as const,
              value,
            }))}
            onDone={() => {
              setSilencing(null);
              q.reload();
            }}
          />
        </Dialog>
      )}
    </>
  );
}
