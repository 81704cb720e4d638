/**
 * Alertmanager API v2 shapes (api/v2/openapi.yaml), so amtool and other clients read Opsdeck
 * as they read Alertmanager. Extra fields are allowed by those clients (Go's JSON decoding
 * ignores unknown keys); Opsdeck's reasons travel in `status.mutedBy`/`status.suppressedBy`.
 */
import { isoTime } from '../../lib/time.js';
import type { AlertStatus } from '../status.js';
import type { HeldAlert } from '../store/rows.js';

export interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  generatorURL: string;
  fingerprint: string;
  receivers: Array<{ name: string }>;
  status: {
    state: AlertStatus['state'];
    silencedBy: string[];
    inhibitedBy: string[];
    mutedBy: string[];
    suppressedBy: string | null;
  };
}

export function gettableAlert(a: HeldAlert, s: AlertStatus): GettableAlert {
  return {
    labels: a.labels,
    annotations: a.annotations,
    startsAt: isoTime(a.startsAt),
    endsAt: isoTime(a.endsAt),
    updatedAt: isoTime(a.updatedAt),
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
    receivers: s.receivers.map((name) => ({ name })),
    status: {
      state: s.state,
      silencedBy: s.silencedBy,
      inhibitedBy: s.inhibitedBy,
      mutedBy: s.mutedBy,
      suppressedBy: s.suppressedBy,
    },
  };
}
