/**
 * Cross-references of paging: escalation policy targets, the policies routes and services
 * name, and people's notification rules (channels that exist, keys that are severities).
 */
import { didYouMean } from './describe.js';
import type { Path } from './paths.js';
import { isRawMap, mapEntries, stringItems } from './raw.js';
import { checkRef, report, severityIds, type Ctx } from './references.js';

const TARGET_SECTIONS: Record<string, [kind: string, section: string]> = {
  person: ['person', 'people'],
  schedule: ['schedule', 'schedules'],
  team: ['team', 'teams'],
  channel: ['channel', 'channels'],
};

function checkPolicies(ctx: Ctx): void {
  for (const [id, policy] of mapEntries(ctx.data, 'escalation_policies')) {
    const steps = Array.isArray(policy.steps) ? policy.steps : [];
    steps.forEach((step, i) => {
      if (!isRawMap(step)) return;
      for (const [j, target] of stringItems(step.notify)) {
        const m = /^(person|schedule|team|channel):(.+)$/.exec(target);
        if (!m) continue; // the schema reports the shape
        const [kind, section] = TARGET_SECTIONS[m[1]!]!;
        const path = ['escalation_policies', id, 'steps', i, 'notify', j];
        if (checkRefTo(ctx, path, m[2]!, kind, section)) checkReachable(ctx, path, m[1]!, m[2]!);
      }
    });
  }
}

/** Like checkRef, for an id embedded in a larger string (`person:alice`); true when it exists. */
function checkRefTo(ctx: Ctx, path: Path, id: string, kind: string, section: string): boolean {
  const map = isRawMap(ctx.data) ? ctx.data[section] : undefined;
  if (isRawMap(map) && Object.hasOwn(map, id)) return true;
  const ids = isRawMap(map) ? Object.keys(map) : [];
  report(ctx, path, `unknown ${kind} '${id}': not defined under ${section}${didYouMean(id, ids)}`);
  return false;
}

/** The people a target pages: a person, a team's members, every member of a schedule's rotations. */
function peopleOf(ctx: Ctx, kind: string, id: string): string[] {
  const entry = (section: string) => {
    const map = isRawMap(ctx.data) ? ctx.data[section] : undefined;
    return isRawMap(map) && isRawMap(map[id]) ? map[id] : undefined;
  };
  if (kind === 'person') return [id];
  if (kind === 'team') return stringItems(entry('teams')?.members).map(([, p]) => p);
  if (kind === 'schedule') {
    const rotations = entry('schedules')?.rotations;
    return (Array.isArray(rotations) ? rotations : []).flatMap((r) =>
      isRawMap(r) ? stringItems(r.members).map(([, p]) => p) : [],
    );
  }
  return [];
}

/** Everyone a policy can page needs notification rules, or the page reaches nobody. */
function checkReachable(ctx: Ctx, path: Path, kind: string, id: string): void {
  const people = isRawMap(ctx.data) && isRawMap(ctx.data.people) ? ctx.data.people : {};
  const silent = [...new Set(peopleOf(ctx, kind, id))].filter((p) => {
    const person = people[p];
    return isRawMap(person) && !(isRawMap(person.notify) && Object.keys(person.notify).length > 0);
  });
  if (silent.length > 0)
    report(
      ctx,
      path,
      `${kind}:${id} pages ${silent.map((p) => `'${p}'`).join(', ')}, who ${silent.length > 1 ? 'have' : 'has'} no notification rules (people.<id>.notify)`,
    );
}

function checkPolicyRefs(ctx: Ctx): void {
  for (const [id, service] of mapEntries(ctx.data, 'services'))
    checkRef(
      ctx,
      ['services', id, 'escalation'],
      service.escalation,
      'escalation policy',
      'escalation_policies',
    );
  // Routes' `escalation` is checked by checkRoutes, which walks the tree already.
}

function checkPeople(ctx: Ctx): void {
  const severities = severityIds(ctx);
  for (const [id, person] of mapEntries(ctx.data, 'people')) {
    if (!isRawMap(person.notify)) continue;
    for (const [key, rules] of Object.entries(person.notify)) {
      const base = ['people', id, 'notify', key];
      if (key !== 'default' && !severities.includes(key))
        report(
          ctx,
          base,
          `unknown severity '${key}': notification rules are keyed by a severity id or default${didYouMean(key, severities)}`,
        );
      if (!Array.isArray(rules)) continue;
      rules.forEach((rule, i) => {
        const channel = isRawMap(rule) ? rule.channel : rule;
        const path = isRawMap(rule) ? [...base, i, 'channel'] : [...base, i];
        checkRef(ctx, path, channel, 'channel', 'channels');
        if (typeof channel === 'string') checkPersonChannel(ctx, path, id, person, channel);
      });
    }
  }
}

/** A rule must be deliverable: an email channel needs the person's email, and so on. */
function checkPersonChannel(
  ctx: Ctx,
  path: Path,
  id: string,
  person: Record<string, unknown>,
  channelId: string,
): void {
  const channels = isRawMap(ctx.data) ? ctx.data.channels : undefined;
  const channel = isRawMap(channels) ? channels[channelId] : undefined;
  if (!isRawMap(channel)) return;
  if (channel.type === 'email' && typeof person.email !== 'string')
    report(ctx, path, `channel '${channelId}' sends email, but people.${id} has no email`);
  if (
    channel.type === 'telegram' &&
    person.telegram_chat_id === undefined &&
    channel.chat_id === undefined
  )
    report(
      ctx,
      path,
      `channel '${channelId}' has no chat_id and people.${id} has no telegram_chat_id`,
    );
}

export function checkOncallReferences(ctx: Ctx): void {
  checkPolicies(ctx);
  checkPolicyRefs(ctx);
  checkPeople(ctx);
}
