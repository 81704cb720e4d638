/**
 * Who a step reaches and through which channels: targets expand to people (a schedule to
 * whoever is on call, a team to its members) and channels; each person is notified through
 * their rules for the incident's severity (`people.<id>.notify.<severity>`, else `default`).
 */
import type { EscalationTarget, OpsConfig, PersonConfig } from '../../config/index.js';

/** One delivery a step asks for. */
export interface Delivery {
  channel: string;
  /** Null for a channel target. */
  person: string | null;
  /** Delay from the page (a person's rule `after`). */
  afterMs: number;
  /** Channels to use instead when this one fails for good. */
  fallback: string[];
}

/** Why some target of the step could not be reached; written to the incident's timeline. */
export interface Unreached {
  target: string;
  reason: string;
}

export interface StepPlan {
  deliveries: Delivery[];
  /** People paged, in order, without repeats. */
  people: string[];
  unreached: Unreached[];
}

export interface RecipientContext {
  config: OpsConfig;
  severity: string | null;
  /** Person ids on call in a schedule now. */
  onCall: (scheduleId: string) => string[];
}

/**
 * A person's deliveries: every rule of their list for this severity, the delayed ones after
 * their delay. Fallback for a channel: the channels later in the list, then the person's
 * `default` channels, that this page does not use at once already.
 */
export function personDeliveries(
  person: PersonConfig,
  personId: string,
  severity: string | null,
): Delivery[] {
  const rules =
    (severity !== null ? person.notify[severity] : undefined) ?? person.notify.default ?? [];
  const immediate = new Set(rules.filter((r) => r.after === 0).map((r) => r.channel));
  const defaults = (person.notify.default ?? []).map((r) => r.channel);
  return rules.map((rule, i) => {
    const later = rules.slice(i + 1).map((r) => r.channel);
    const fallback = [...new Set([...later, ...defaults])].filter(
      (c) => c !== rule.channel && !immediate.has(c),
    );
    return { channel: rule.channel, person: personId, afterMs: rule.after, fallback };
  });
}

/** Expands one step's targets. Never throws: what cannot be reached is reported. */
export function planStep(targets: readonly EscalationTarget[], ctx: RecipientContext): StepPlan {
  const { config } = ctx;
  const people: string[] = [];
  const channels: string[] = [];
  const unreached: Unreached[] = [];
  const addPerson = (id: string, via: string) => {
    if (!config.people[id])
      unreached.push({ target: via, reason: `person '${id}' is no longer in the config` });
    else if (!people.includes(id)) people.push(id);
  };
  for (const target of targets) {
    const name = `${target.kind}:${target.id}`;
    switch (target.kind) {
      case 'person':
        addPerson(target.id, name);
        break;
      case 'team': {
        const team = config.teams[target.id];
        if (!team) unreached.push({ target: name, reason: 'team is no longer in the config' });
        else for (const member of team.members) addPerson(member, name);
        break;
      }
      case 'schedule': {
        if (!config.schedules[target.id]) {
          unreached.push({ target: name, reason: 'schedule is no longer in the config' });
          break;
        }
        const onCall = ctx.onCall(target.id);
        if (onCall.length === 0) unreached.push({ target: name, reason: 'nobody is on call' });
        for (const person of onCall) addPerson(person, name);
        break;
      }
      case 'channel':
        if (!config.channels[target.id])
          unreached.push({ target: name, reason: 'channel is no longer in the config' });
        else if (!channels.includes(target.id)) channels.push(target.id);
        break;
    }
  }
  const deliveries: Delivery[] = channels.map((channel) => ({
    channel,
    person: null,
    afterMs: 0,
    fallback: [],
  }));
  for (const id of people) {
    const mine = personDeliveries(config.people[id]!, id, ctx.severity).filter(
      (d) => config.channels[d.channel],
    );
    if (mine.length === 0)
      unreached.push({
        target: `person:${id}`,
        reason: `no notification rule for ${ctx.severity ?? 'this severity'} (people.${id}.notify)`,
      });
    deliveries.push(...mine);
  }
  return { deliveries, people, unreached };
}
