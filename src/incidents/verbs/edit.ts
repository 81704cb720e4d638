/** Editing what an incident is about: title, write-ups, impact start, services and links. */
import { AppError } from '../../errors.js';
import { addEvent, servicesOf, setServices } from '../repository.js';
import type { IncidentLink, IncidentRow } from '../types.js';
import type { Work } from '../writer.js';
import { assertKnown, type ActionBy, type VerbContext } from './context.js';

export interface IncidentEdit {
  title?: string | undefined;
  summary?: string | null | undefined;
  impact?: string | null | undefined;
  root_cause?: string | null | undefined;
  resolution?: string | null | undefined;
  /** Epoch ms when the impact began. */
  started_at?: number | undefined;
  services?: string[] | undefined;
  links?: IncidentLink[] | undefined;
}

const TEXT_FIELDS = ['title', 'summary', 'impact', 'root_cause', 'resolution'] as const;

/** Checks what the route's schema cannot: services known to the config, a sane start. */
export function checkEdit(ctx: VerbContext, edit: IncidentEdit, now: number): void {
  edit.services?.forEach((s, i) =>
    assertKnown(`services[${i}]`, 'service', s, ctx.config().services),
  );
  if (edit.started_at !== undefined && edit.started_at > now)
    throw new AppError('validation_failed', 'started_at: the impact cannot start in the future');
}

export function editIncident(ctx: VerbContext, edit: IncidentEdit, by: ActionBy): Work {
  return async (trx, row, now) => {
    checkEdit(ctx, edit, now);
    const id = Number(row.id);
    const set: Partial<IncidentRow> = {};
    const changed: string[] = [];
    for (const field of TEXT_FIELDS) {
      const value = edit[field];
      if (value !== undefined && value !== row[field]) {
        (set as Record<string, unknown>)[field] = value;
        changed.push(field);
      }
    }
    if (edit.started_at !== undefined && edit.started_at !== Number(row.started_at)) {
      set.started_at = edit.started_at;
      changed.push('started_at');
    }
    if (edit.links !== undefined && JSON.stringify(edit.links) !== row.links) {
      set.links = JSON.stringify(edit.links);
      changed.push('links');
    }
    let services: { added: string[]; removed: string[] } | undefined;
    if (edit.services !== undefined) {
      const before = (await servicesOf(trx, [id])).get(id) ?? [];
      const next = [...new Set(edit.services)];
      const added = next.filter((s) => !before.includes(s));
      const removed = before.filter((s) => !next.includes(s));
      if (added.length + removed.length > 0) {
        services = { added, removed };
        await setServices(trx, id, next);
        const primary =
          row.service !== null && next.includes(row.service) ? row.service : (next[0] ?? null);
        if (primary !== row.service) set.service = primary;
      }
    }
    if (changed.length === 0 && !services) return [];
    await ctx.steps.update(trx, row, now, set);
    if (changed.length > 0) await addEvent(trx, id, now, 'edited', by.name, { fields: changed });
    if (services) await addEvent(trx, id, now, 'services_changed', by.name, services);
    return [];
  };
}
