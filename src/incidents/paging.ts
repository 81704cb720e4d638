/**
 * What one escalation step sends: the step's targets expanded (oncall), a message per
 * delivery with signed acknowledge/resolve links for its person, ready for the outbox.
 */
import type { OpsConfig } from '../config/index.js';
import { publicUrlOf } from '../config/index.js';
import type { NewNotification } from '../notify/dispatch/types.js';
import type { MessageEvent } from '../notify/message.js';
import { incidentMessage, type IncidentFacts } from '../oncall/escalation/messages.js';
import type { PolicySnapshot } from '../oncall/escalation/policy.js';
import { planStep, type Unreached } from '../oncall/escalation/recipients.js';
import { signToken } from '../lib/signed-token.js';

export interface PagingContext {
  config: OpsConfig;
  signingKey: Buffer;
  onCall: (scheduleId: string, at: number) => string[];
  now: number;
}

/** The links of a message for `person` (null: a channel target). */
export function actionLinks(
  ctx: PagingContext,
  incidentId: number,
  person: string | null,
  actions: boolean,
) {
  const base = publicUrlOf(ctx.config.server);
  const expires = Math.floor((ctx.now + ctx.config.oncall.link_ttl) / 1000);
  const link = (a: string) =>
    `${base}/act/${signToken(ctx.signingKey, { a, s: incidentId, p: person, e: expires })}`;
  return {
    view: link('view'),
    acknowledge: actions ? link('ack') : undefined,
    resolve: actions ? link('resolve') : undefined,
  };
}

export interface StepPages {
  items: NewNotification[];
  people: string[];
  channels: string[];
  unreached: Unreached[];
}

/** The notifications of step `facts.step` of `policy`. */
export function stepPages(
  ctx: PagingContext,
  policy: PolicySnapshot,
  facts: IncidentFacts,
  event: MessageEvent,
): StepPages {
  const step = policy.steps[facts.step]!;
  const plan = planStep(step.targets, {
    config: ctx.config,
    severity: facts.severity,
    onCall: (id) => ctx.onCall(id, ctx.now),
  });
  const items = plan.deliveries.map((d): NewNotification => {
    const person =
      d.person === null ? null : { id: d.person, config: ctx.config.people[d.person]! };
    return {
      channel: d.channel,
      person: d.person,
      incidentId: facts.id,
      fallback: d.fallback,
      notBefore: d.afterMs > 0 ? ctx.now + d.afterMs : undefined,
      cancellable: true,
      message: incidentMessage({
        config: ctx.config,
        publicUrl: publicUrlOf(ctx.config.server),
        event,
        incident: facts,
        person,
        links: actionLinks(ctx, facts.id, d.person, true),
      }),
    };
  });
  return {
    items,
    people: plan.people,
    channels: plan.deliveries.filter((d) => d.person === null).map((d) => d.channel),
    unreached: plan.unreached,
  };
}

/** Acknowledged/resolved updates to everyone a page reached, on the channel it reached them. */
export function updatePages(
  ctx: PagingContext,
  facts: IncidentFacts,
  event: 'incident.acknowledged' | 'incident.resolved',
  paged: readonly { channel: string; person: string | null }[],
): NewNotification[] {
  const out: NewNotification[] = [];
  for (const { channel, person } of paged) {
    if (!ctx.config.channels[channel]) continue;
    const p = person === null ? undefined : ctx.config.people[person];
    if (person !== null && !p) continue;
    out.push({
      channel,
      person,
      incidentId: facts.id,
      message: incidentMessage({
        config: ctx.config,
        publicUrl: publicUrlOf(ctx.config.server),
        event,
        incident: facts,
        person: person !== null && p ? { id: person, config: p } : null,
        links: actionLinks(ctx, facts.id, person, event === 'incident.acknowledged'),
      }),
    });
  }
  return out;
}
