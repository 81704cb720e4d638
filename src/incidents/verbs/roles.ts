/** Incident roles: who commands, who communicates, who writes things down. */
import { addEvent } from '../repository.js';
import { rolesOf, type IncidentRole } from '../types.js';
import type { Work } from '../writer.js';
import type { ActionBy, VerbContext } from './context.js';

/** Gives `role` to `person`, or takes it back (null). Each change is on the timeline. */
export function assignRole(
  ctx: VerbContext,
  role: IncidentRole,
  person: string | null,
  by: ActionBy,
): Work {
  return async (trx, row, now) => {
    const roles = rolesOf(row);
    const from = roles[role] ?? null;
    if (from === person) return [];
    if (person === null) delete roles[role];
    else roles[role] = person;
    await ctx.steps.update(trx, row, now, { roles: JSON.stringify(roles) });
    await addEvent(trx, Number(row.id), now, 'role_assigned', by.name, { role, from, to: person });
    return [];
  };
}
