/**
 * The incidents a page shows: those with at least one public update (an incident nobody has
 * written to customers about stays internal, as on Statuspage) that affect a service on the
 * page, either unresolved or resolved within the history window.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { renderMarkdown } from '../lib/markdown.js';
import type { PageIncident } from './model.js';
import { impactOf } from './status.js';

const UNRESOLVED = ['triggered', 'acknowledged', 'investigating', 'identified', 'monitoring'];
/** Most incidents a page lists (active and history together). */
const MAX_INCIDENTS = 200;

export async function pageIncidents(
  db: Kysely<Database>,
  services: readonly string[],
  since: number,
  severities: readonly string[],
  componentsOf: (service: string) => string[],
): Promise<PageIncident[]> {
  if (services.length === 0) return [];
  const rows = await db
    .selectFrom('incidents')
    .selectAll()
    .where((eb) =>
      eb.and([
        eb(
          'id',
          'in',
          eb.selectFrom('incident_services').select('incident_id').where('service', 'in', services),
        ),
        eb('id', 'in', eb.selectFrom('incident_updates').select('incident_id')),
        eb.or([eb('status', 'in', UNRESOLVED), eb('resolved_at', '>=', since)]),
      ]),
    )
    .orderBy('id', 'desc')
    .limit(MAX_INCIDENTS)
    .execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const [updates, links] = await Promise.all([
    db
      .selectFrom('incident_updates')
      .selectAll()
      .where('incident_id', 'in', ids)
      .orderBy('id', 'desc')
      .execute(),
    db
      .selectFrom('incident_services')
      .select(['incident_id', 'service'])
      .where('incident_id', 'in', ids)
      .execute(),
  ]);
  const onPage = new Set(services);
  return rows.map((r) => {
    const id = Number(r.id);
    const own = updates.filter((u) => Number(u.incident_id) === id);
    const affected = links
      .filter((l) => Number(l.incident_id) === id && onPage.has(l.service))
      .flatMap((l) => componentsOf(l.service));
    const resolved = !UNRESOLVED.includes(r.status);
    const opened = Number(r.opened_at);
    return {
      id,
      title: r.title,
      status: resolved ? 'resolved' : (own[0]?.status ?? 'investigating'),
      impact: impactOf(r.severity, severities),
      createdAt: opened,
      updatedAt: Math.max(Number(r.updated_at), ...own.map((u) => Number(u.at))),
      startedAt: Number(r.started_at ?? opened),
      monitoringAt: r.mitigated_at === null ? null : Number(r.mitigated_at),
      resolvedAt: resolved && r.resolved_at !== null ? Number(r.resolved_at) : null,
      components: [...new Set(affected)],
      updates: own.map((u) => ({
        id: Number(u.id),
        at: Number(u.at),
        status: u.status,
        body: u.message,
        html: renderMarkdown(u.message),
      })),
    };
  });
}
