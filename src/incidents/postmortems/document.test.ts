import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../lib/markdown.js';
import type { TimelineEntry } from '../timeline.js';
import type { IncidentView } from '../types.js';
import { postmortemDocument, type DocumentInput } from './document.js';
import { draftBody } from './draft.js';
import { postmortemState, type ActionItemView } from './views.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function incident(overrides: Partial<IncidentView> = {}): IncidentView {
  return {
    id: 12,
    title: 'Checkout errors',
    severity: 'P1',
    service: 'api',
    services: ['api', 'web'],
    status: 'resolved',
    source: 'manual',
    labels: {},
    started_at: iso(0),
    opened_at: iso(3),
    acknowledged_at: iso(5),
    acknowledged_by: 'bob',
    mitigated_at: iso(45),
    resolved_at: iso(55),
    resolved_by: 'alice',
    closed_at: null,
    closed_by: null,
    respond_by: iso(18),
    response_breached: false,
    declared_by: 'carol',
    summary: 'Payments failed for EU customers.',
    impact: null,
    root_cause: 'A pool size of 1 | shared by all workers',
    resolution: 'Rolled back release 42.',
    roles: { commander: 'alice' },
    links: [],
    escalation: { policy: null, step: 1, round: 1, steps: 0, next_at: null, snoozed_until: null },
    ...overrides,
  };
}

const item = (o: Partial<ActionItemView>): ActionItemView => ({
  id: 1,
  incident: 12,
  incident_title: 'Checkout errors',
  title: 'Size the pool',
  owner: 'bob',
  due_at: '2026-03-10T23:59:59.999Z',
  url: null,
  status: 'open',
  overdue: false,
  created_at: iso(60),
  created_by: 'alice',
  updated_at: iso(60),
  done_at: null,
  done_by: null,
  ...o,
});

function input(overrides: Partial<DocumentInput> = {}): DocumentInput {
  const i = overrides.incident ?? incident();
  return {
    incident: i,
    severityTitle: 'High',
    postmortem: postmortemState(12, undefined, true, T0),
    body: draftBody(i),
    pinned: [],
    actionItems: [],
    updates: [],
    ...overrides,
  };
}

const note = (body: string, minutes: number): TimelineEntry => ({
  id: 7,
  at: iso(minutes),
  kind: 'note',
  actor: 'bob',
  detail: { body },
  pinned: true,
});

describe('post-mortem draft', () => {
  it('prefills the sections from the write-ups and prompts for the rest', () => {
    const body = draftBody(incident());
    expect(body.match(/^## .*$/gm)).toEqual([
      '## Summary',
      '## Impact',
      '## Contributing causes',
      '## What went well',
      '## What went badly',
      '## Lessons learned',
    ]);
    expect(body).toContain('Payments failed for EU customers.\n\n**Resolution:** Rolled back');
    expect(body).toContain('## Contributing causes\n\nA pool size of 1');
    expect(body).toMatch(/## Impact\n\n_Who was affected/);
  });
});

describe('post-mortem document', () => {
  it('starts with the id and severity, then the facts', () => {
    const doc = postmortemDocument(input());
    expect(doc.split('\n')[0]).toBe('# Post-mortem: [P1] #12 Checkout errors');
    expect(doc).toContain('| Severity | P1 (High) |');
    expect(doc).toContain('| Services | api, web |');
    expect(doc).toContain('| Commander | alice |');
    expect(doc).toContain('| Declared by | carol |');
    expect(doc).toContain('| Post-mortem | not started |');
  });

  it('times every milestone and the spans between them', () => {
    const doc = postmortemDocument(input());
    expect(doc).toContain('| Impact started | 2026-03-02 10:00:00 UTC |  |');
    expect(doc).toContain('| Detected | 2026-03-02 10:03:00 UTC | time to detect: 3m |');
    expect(doc).toContain(
      '| Acknowledged | 2026-03-02 10:05:00 UTC | detection → acknowledgement: 2m |',
    );
    expect(doc).toContain(
      '| Mitigated | 2026-03-02 10:45:00 UTC | acknowledgement → mitigation: 40m |',
    );
    expect(doc).toContain('| Resolved | 2026-03-02 10:55:00 UTC | mitigation → resolution: 10m |');
    expect(doc).toContain('| Closed | — |  |');
    expect(doc).toContain('Total duration (impact start → resolution): 55m.');
  });

  it('spans from the last milestone reached when one is missing', () => {
    const doc = postmortemDocument(
      input({ incident: incident({ acknowledged_at: null, mitigated_at: null }) }),
    );
    expect(doc).toContain('| Resolved | 2026-03-02 10:55:00 UTC | detection → resolution: 52m |');
  });

  it('quotes pinned notes and describes other pinned events in words', () => {
    const pinned: TimelineEntry[] = [
      { id: 3, at: iso(5), kind: 'acknowledged', actor: 'bob', detail: {}, pinned: true },
      note('Pool exhausted\n# not a heading', 20),
      {
        id: 9,
        at: iso(30),
        kind: 'severity_changed',
        actor: 'alice',
        detail: { from: 'P2', to: 'P1' },
        pinned: true,
      },
    ];
    const doc = postmortemDocument(input({ pinned }));
    expect(doc).toContain('- **2026-03-02 10:05:00 UTC** — Acknowledged by bob');
    expect(doc).toContain(
      '- **2026-03-02 10:20:00 UTC** — bob noted:\n\n  > Pool exhausted\n  > # not a heading',
    );
    expect(doc).toContain('Severity changed from P2 to P1 by alice');
    const html = renderMarkdown(doc);
    // The note's own markdown stays inside its quote, under its list item.
    expect(html).toContain(
      '<blockquote>\n<p>Pool exhausted</p>\n<h1>not a heading</h1>\n</blockquote>\n</li>',
    );
  });

  it('lists action items as a table a pipe or newline cannot break', () => {
    const items = [
      item({ title: 'Size | the\npool', url: 'https://tickets.example.com/OPS-1' }),
      item({
        id: 2,
        title: 'Alert on pool',
        owner: null,
        due_at: null,
        status: 'done',
        done_by: 'bob',
        done_at: iso(90),
      }),
      item({ id: 3, title: 'Late', overdue: true }),
    ];
    const doc = postmortemDocument(input({ actionItems: items }));
    expect(doc).toContain('| # | Title | Owner | Due | Status |');
    expect(doc).toContain(
      '| 1 | [Size \\| the pool](https://tickets.example.com/OPS-1) | bob | 2026-03-10 23:59 UTC | open |',
    );
    expect(doc).toContain('| 2 | Alert on pool | — | — | done by bob 2026-03-02 11:30 UTC |');
    expect(doc).toContain('| 3 | Late | bob | 2026-03-10 23:59 UTC | open (overdue) |');
    const rows = renderMarkdown(doc).match(/<tr>[\s\S]*?<\/tr>/g)!;
    const actionRows = rows.filter((r) => r.includes('<td>1</td>') || r.includes('<td>2</td>'));
    for (const row of actionRows) expect(row.match(/<td>/g)).toHaveLength(5);
  });

  it('keeps the sections after a body that leaves a code fence open', () => {
    const doc = postmortemDocument(input({ body: '## Summary\n\n```sh\nrm -rf /' }));
    const html = renderMarkdown(doc);
    expect(html).toContain('<h2>Pinned timeline</h2>');
    expect(html).toContain('<h2>Action items</h2>');
  });

  it('shows public updates oldest first, quoted', () => {
    const updates = [
      { id: 2, at: iso(50), status: 'monitoring', message: 'Fix deployed', author: 'alice' },
      { id: 1, at: iso(10), status: 'investigating', message: 'Looking | into it', author: 'bob' },
    ];
    const doc = postmortemDocument(input({ updates }));
    const first = doc.indexOf('Looking | into it');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(doc.indexOf('Fix deployed'));
    expect(doc).toContain('- **2026-03-02 10:10:00 UTC** — investigating, by bob\n\n  > Looking');
  });

  it('renders to HTML without passing raw HTML through', () => {
    const html = renderMarkdown(
      postmortemDocument(input({ body: '<script>alert(1)</script>\n\n[x](javascript:alert(1))' })),
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('&lt;script&gt;');
  });
});
