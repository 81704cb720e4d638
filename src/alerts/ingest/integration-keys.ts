/**
 * Resolving the key a sender presents (a URL segment, a PagerDuty `routing_key`) to the
 * integration it belongs to. Keys are secrets: comparing them one by one with `===` would leak,
 * through timing, how many leading characters matched. Hashing the presented key with SHA-256
 * and looking the digest up in a Map costs the same whatever the key, and what the Map lookup
 * could leak is about digests, which reveal nothing about the keys.
 */
import { createHash } from 'node:crypto';
import type { IntegrationConfig } from '../../config/index.js';

export type IntegrationType = IntegrationConfig['type'];

/** The integration a key opened: its id (alerts get source `integration:<id>`) and config. */
export interface ResolvedIntegration {
  id: string;
  config: IntegrationConfig;
}

/** Longer keys are refused without hashing: config keys are short, and this bounds the work. */
const MAX_KEY_LENGTH = 1024;

function digest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('base64');
}

/**
 * Key → integration lookups over the live config. The Map is rebuilt when `integrations()`
 * returns a different object: the config is frozen and replaced whole on reload, so identity
 * tells exactly when it changed.
 */
export class IntegrationKeys {
  readonly #integrations: () => Record<string, IntegrationConfig>;
  #source: Record<string, IntegrationConfig> | undefined;
  #byDigest = new Map<string, ResolvedIntegration>();

  constructor(integrations: () => Record<string, IntegrationConfig>) {
    this.#integrations = integrations;
  }

  /**
   * The integration of type `type` whose key is `presented`, or undefined. A key that exists
   * for another type is also undefined, so callers cannot tell it from an unknown key.
   */
  resolve(presented: unknown, type: IntegrationType): ResolvedIntegration | undefined {
    if (typeof presented !== 'string' || presented === '' || presented.length > MAX_KEY_LENGTH)
      return undefined;
    const found = this.#map().get(digest(presented));
    return found?.config.type === type ? found : undefined;
  }

  #map(): Map<string, ResolvedIntegration> {
    const current = this.#integrations();
    if (current !== this.#source) {
      const next = new Map<string, ResolvedIntegration>();
      for (const [id, config] of Object.entries(current))
        next.set(digest(config.key), { id, config });
      this.#byDigest = next;
      this.#source = current;
    }
    return this.#byDigest;
  }
}
