/**
 * `opsgenie`: the Alert API. A trigger creates an alert whose alias is the message's dedup key
 * (Opsgenie deduplicates open alerts by alias); acknowledgement and resolution act on that
 * alias (`identifierType=alias`). Every request is answered 202 and processed asynchronously
 * (docs.opsgenie.com, Alert API: create, acknowledge, close; field limits: message 130, alias
 * 512, description 15000, 20 tags of 50).
 */
import { createHash } from 'node:crypto';
import type { NotificationMessage } from '../../message.js';
import type { Channel, ChannelConfigOf } from '../channel.js';
import { httpAttempt, type HttpRequest } from '../http.js';
import {
  alertLines,
  commonLabel,
  headline,
  lifecycleAction,
  serviceOf,
  statusWords,
  truncate,
} from '../render.js';

type OpsgenieConfig = ChannelConfigOf<'opsgenie'>;

const REGIONS = { us: 'https://api.opsgenie.com', eu: 'https://api.eu.opsgenie.com' } as const;

/** Opsdeck P0 is above anything Opsgenie has: every severity moves one step down. */
const PRIORITY: Record<string, string> = { P0: 'P1', P1: 'P2', P2: 'P3', P3: 'P4', P4: 'P5' };

/** Opsgenie's alias limit is 512 characters; longer keys become a stable digest. */
export function opsgenieAlias(key: string): string {
  return key.length <= 512 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function tags(message: NotificationMessage): string[] {
  const values = [
    'opsdeck',
    message.severity,
    serviceOf(message),
    commonLabel(message.alerts, 'alertname'),
  ];
  const unique = new Set(values.filter((v): v is string => !!v).map((v) => truncate(v, 50)));
  return [...unique].slice(0, 20);
}

/** Path and body of the Alert API request for `message` (relative to the API base). */
export function renderOpsgenie(message: NotificationMessage): {
  path: string;
  body: Record<string, unknown>;
} {
  const alias = opsgenieAlias(message.dedupKey);
  const action = lifecycleAction(message);
  if (action !== 'trigger') {
    const verb = action === 'acknowledge' ? 'acknowledge' : 'close';
    return {
      path: `/v2/alerts/${encodeURIComponent(alias)}/${verb}?identifierType=alias`,
      body: {
        user: message.incident?.actor ?? 'Opsdeck',
        source: 'Opsdeck',
        note: truncate(`${statusWords(message)} in Opsdeck: ${message.links.view}`, 25000),
      },
    };
  }
  const service = serviceOf(message);
  const details: Record<string, string> = { opsdeck: message.links.view };
  if (message.incident) details.incident = `#${message.incident.id}`;
  if (service) details.service = service;
  const email = message.recipient?.email;
  const description = [message.text, alertLines(message, 50).join('\n'), message.links.view];
  return {
    path: '/v2/alerts',
    body: {
      message: truncate(headline(message), 130),
      alias,
      description: truncate(description.filter(Boolean).join('\n\n'), 15000),
      ...(email ? { responders: [{ type: 'user', username: email }] } : {}),
      tags: tags(message),
      details,
      ...(service ? { entity: truncate(service, 512) } : {}),
      source: 'Opsdeck',
      priority: (message.severity && PRIORITY[message.severity]) ?? 'P3',
    },
  };
}

/** The full request: base URL from `url`, else the region's. */
export function opsgenieRequest(message: NotificationMessage, config: OpsgenieConfig): HttpRequest {
  const base = (config.url ?? REGIONS[config.region]).replace(/\/+$/, '');
  const { path, body } = renderOpsgenie(message);
  return {
    url: `${base}${path}`,
    headers: { authorization: `GenieKey ${config.api_key}` },
    body: JSON.stringify(body),
  };
}

export const opsgenieChannel: Channel<'opsgenie'> = {
  defaults: { concurrency: 8, rateLimit: null },
  attempt(message, config, { timeoutMs }) {
    return httpAttempt(opsgenieRequest(message, config), { timeoutMs, secrets: [config.api_key] });
  },
};
