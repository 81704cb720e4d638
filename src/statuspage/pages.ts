/**
 * StatusPages: every page's answers, rendered ahead and served from memory.
 *
 * Freshness: a page marked dirty by a change (an incident change on the feed, a check
 * transition, a config reload) is rebuilt by the next request, which waits for it (a few
 * ms); one older than `ttlMs` (10 s, for today's uptime) is rebuilt in the background while
 * requests get the previous bytes. Rebuilds start at most once a second, so a burst of
 * 10,000 requests a second or a flapping check costs one rebuild a second at most.
 */
import type { Kysely } from 'kysely';
import type { OpsConfig } from '../config/schema/index.js';
import type { DailyUptime } from '../checks/index.js';
import type { Database } from '../store/schema.js';
import { makeArtifact, type Artifact } from './artifact.js';
import { buildPage, type CheckView } from './build.js';
import type { PageModel } from './model.js';

export interface StatusPagesDeps {
  db: () => Kysely<Database>;
  config: () => OpsConfig;
  publicUrl: () => string;
  checks: () => readonly CheckView[];
  daily: DailyUptime;
  ttlMs?: number;
  now?: () => number;
  /** Told when a background rebuild fails (the previous answers keep being served). */
  onError?: (error: unknown, slug: string) => void;
}

/** One page's rendered answers; extra ones (badges, days) are rendered on first use. */
export class PageAnswers {
  readonly #made = new Map<string, Artifact>();
  constructor(
    readonly model: PageModel,
    private readonly previous: PageAnswers | undefined,
  ) {}

  /** The answer under `key`, rendering it once per build (same bytes keep their validators). */
  get(key: string, type: string, render: (m: PageModel) => string): Artifact {
    let a = this.#made.get(key);
    if (!a) {
      a = makeArtifact(render(this.model), type, this.model.builtAt, this.previous?.peek(key));
      this.#made.set(key, a);
    }
    return a;
  }

  peek(key: string): Artifact | undefined {
    return this.#made.get(key);
  }
}

interface Slot {
  answers?: PageAnswers;
  builtAt: number;
  dirty: boolean;
  building?: Promise<PageAnswers>;
}

const MIN_REBUILD_MS = 1_000;

export class StatusPages {
  readonly #slots = new Map<string, Slot>();
  #config: OpsConfig | undefined;
  #loadedAt = 0;
  readonly #ttl: number;
  readonly #now: () => number;

  constructor(private readonly deps: StatusPagesDeps) {
    this.#ttl = deps.ttlMs ?? 10_000;
    this.#now = deps.now ?? Date.now;
  }

  /** Marks every page for a rebuild at its next request. */
  invalidate(): void {
    for (const slot of this.#slots.values()) slot.dirty = true;
  }

  /**
   * The hot path: the current answers when nothing needs doing (no reload, change or TTL),
   * without a promise; undefined sends the caller to `get`.
   */
  ready(slug: string): PageAnswers | undefined {
    const slot = this.#slots.get(slug);
    if (!slot?.answers || slot.dirty || this.deps.config() !== this.#config) return undefined;
    return this.#now() - slot.builtAt < this.#ttl ? slot.answers : undefined;
  }

  /**
   * For the fast path (fast-path.ts), under an outage's load: the answers built so far even
   * when a change or the TTL calls for a rebuild, which then starts in the background, so no
   * request waits for it and none falls back to the slower route meanwhile. A reader sees
   * news one rebuild (milliseconds) later than through `get`. Undefined before the first
   * build and after a config reload (those go through `get`).
   */
  servable(slug: string): PageAnswers | undefined {
    const slot = this.#slots.get(slug);
    if (!slot?.answers || this.deps.config() !== this.#config) return undefined;
    if (slot.dirty || this.#now() - slot.builtAt >= this.#ttl) {
      this.get(slug).catch(() => undefined); // failures reach deps.onError
    }
    return slot.answers;
  }

  /** The page's answers, or undefined for an unknown slug. */
  async get(slug: string): Promise<PageAnswers | undefined> {
    const config = this.deps.config();
    if (config !== this.#config) {
      // A reload: new pages, components or colours. Older answers still serve until rebuilt.
      this.#config = config;
      this.#loadedAt = this.#now();
      this.invalidate();
    }
    if (!Object.hasOwn(config.status_pages, slug)) return undefined;
    let slot = this.#slots.get(slug);
    if (!slot) this.#slots.set(slug, (slot = { builtAt: 0, dirty: true }));
    const now = this.#now();
    const due = now - slot.builtAt >= MIN_REBUILD_MS;
    if (slot.dirty && due && !slot.building) {
      // Something changed: this request waits for the rebuild (a few ms), so news shows at once.
      return this.#rebuild(slug, slot);
    }
    if (now - slot.builtAt >= this.#ttl && due && !slot.building) void this.#rebuild(slug, slot);
    if (slot.answers) return slot.answers;
    return slot.building ?? this.#rebuild(slug, slot);
  }

  #rebuild(slug: string, slot: Slot): Promise<PageAnswers> {
    slot.dirty = false;
    const started = this.#now();
    const config = this.deps.config();
    const building = buildPage(slug, config.status_pages[slug]!, {
      db: this.deps.db(),
      config,
      publicUrl: this.deps.publicUrl(),
      checks: this.deps.checks(),
      daily: this.deps.daily,
      loadedAt: this.#loadedAt,
      now: started,
    }).then((model) => new PageAnswers(model, slot.answers));
    slot.building = building;
    building.then(
      (answers) => {
        slot.answers = answers;
        slot.builtAt = started;
        slot.building = undefined;
      },
      (error: unknown) => {
        slot.building = undefined;
        slot.dirty = true;
        this.deps.onError?.(error, slug);
      },
    );
    return building;
  }
}
