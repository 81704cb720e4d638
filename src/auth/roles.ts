/** Roles, weakest first. A route names the weakest role allowed; stronger roles pass too. */
export const ROLES = ['viewer', 'responder', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a route requires: a role, or nothing at all (`public`: health, metrics, API description). */
export type Access = Role | 'public';

export function roleAllows(held: Role, required: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(required);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Who did something: a token, the local CLI, or Opsdeck itself. Written to the audit log. */
export interface Actor {
  /** Stable id for the audit log, e.g. `token:tok_3k9…`, `cli:alice`, `system`. */
  id: string;
  /** Human name, e.g. the token's name. */
  name: string;
  role: Role;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'opsdeck', role: 'admin' };
