import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { AppError } from '../errors.js';
import { isoTime, isoTimeOrNull } from '../lib/time.js';
import { keysetPageJson } from '../lib/keyset-page.js';

/** A service as the API shows it. */
export interface Service {
  id: string;
  name: string;
  description: string | null;
  owner: string | null;
  team: string | null;
  tier: number | null;
  depends_on: string[];
  runbooks: string[];
  labels: Record<string, string>;
  created_at: string;
  updated_at: string;
  removed_at: string | null;
}

export interface ServiceQuery {
  limit: number;
  /** Return services with an id after this one (the previous page's `next_cursor`). */
  after?: string | undefined;
  team?: string | undefined;
  tier?: number | undefined;
  includeRemoved?: boolean | undefined;
}

function toService(row: Database['services']): Service {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    owner: row.owner,
    team: row.team,
    tier: row.tier,
    depends_on: JSON.parse(row.depends_on) as string[],
    runbooks: JSON.parse(row.runbooks) as string[],
    labels: JSON.parse(row.labels) as Record<string, string>,
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
    removed_at: isoTimeOrNull(row.removed_at),
  };
}

/** Enough for every page of a large catalog at a few page sizes; cleared wholesale past it. */
const MAX_CACHED_PAGES = 1024;

interface Entry {
  service: Service;
  /** The service serialized once, so a page is a join of ready strings. */
  json: string;
}

/**
 * The services of the running config, in memory. Services change only when this instance
 * syncs its config (at start and on reload), so the catalog is rebuilt from storage right
 * after each sync and API reads never touch the database: listing stays flat under load
 * however many clients poll it. With several instances, each serves the services of its own
 * config, which is also what it syncs.
 */
export class ServiceCatalog {
  /** Every service ever synced, removed ones too, sorted by id. */
  #entries: Entry[] = [];
  #byId = new Map<string, Entry>();
  #dependents = new Map<string, string[]>();
  /** Encoded pages by query: clients poll the same few pages, so encode each once. */
  #pages = new Map<string, Buffer>();

  async refresh(db: Kysely<Database>): Promise<void> {
    const rows = await db.selectFrom('services').selectAll().orderBy('id').execute();
    const entries = rows.map((row) => {
      const service = toService(row);
      return { service, json: JSON.stringify(service) };
    });
    const dependents = new Map<string, string[]>();
    for (const { service } of entries) {
      if (service.removed_at !== null) continue;
      for (const dep of service.depends_on)
        dependents.set(dep, [...(dependents.get(dep) ?? []), service.id]);
    }
    this.#entries = entries;
    this.#byId = new Map(entries.map((e) => [e.service.id, e]));
    this.#dependents = dependents;
    this.#pages = new Map();
  }

  /** One page (see `#pageJson`), encoded and remembered until the next refresh (bounded: filters vary). */
  page(query: ServiceQuery): Buffer {
    const key = `${query.limit}|${query.after ?? ''}|${query.team ?? ''}|${query.tier ?? ''}|${query.includeRemoved ? 1 : 0}`;
    let page = this.#pages.get(key);
    if (!page) {
      page = Buffer.from(this.#pageJson(query));
      if (this.#pages.size >= MAX_CACHED_PAGES) this.#pages.clear();
      this.#pages.set(key, page);
    }
    return page;
  }

  /** One page as JSON text, `{items, next_cursor}`, keyset-paginated by id. */
  #pageJson(query: ServiceQuery): string {
    return keysetPageJson(this.#entries, query, {
      keyOf: (e) => e.service.id,
      keep: ({ service }) =>
        (query.includeRemoved || service.removed_at === null) &&
        (query.team === undefined || service.team === query.team) &&
        (query.tier === undefined || service.tier === query.tier),
      json: (e) => e.json,
    });
  }

  /** One service with the active services that depend on it (what breaks when it does). */
  get(id: string): Service & { dependents: string[] } {
    const entry = this.#byId.get(id);
    if (!entry) throw AppError.notFound('service', id);
    return { ...entry.service, dependents: this.#dependents.get(id) ?? [] };
  }
}
