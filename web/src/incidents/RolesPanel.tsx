import { useState } from 'react';
import { api } from '../api/client';
import { INCIDENT_ROLES, type Incident, type IncidentRole } from '../api/types';
import { useMutation } from '../api/useQuery';
import { ErrorText } from '../ui/ErrorText';

/** Commander, communications and scribe: who holds each, and a field to hand it over. */
export function RolesPanel({ incident, onChanged }: { incident: Incident; onChanged: () => void }) {
  const [edits, setEdits] = useState<Partial<Record<IncidentRole, string>>>({});
  const m = useMutation();
  const assign = (role: IncidentRole, person: string | null) =>
    void m.run(async () => {
      await api(`/api/v1/incidents/${incident.id}/roles`, {
        method: 'POST',
        body: { role, person },
      });
      setEdits((e) => ({ ...e, [role]: undefined }));
      onChanged();
    });
  return (
    <section className="panel" aria-labelledby="roles-h">
      <h2 id="roles-h">Roles</h2>
      <ErrorText error={m.error} what="the role" />
      {INCIDENT_ROLES.map((role) => {
        const holder = incident.roles[role];
        const id = `role-${role}`;
        return (
          <form
            key={role}
            className="stack"
            style={{ marginBottom: '0.75rem' }}
            onSubmit={(e) => {
              e.preventDefault();
              const v = edits[role]?.trim();
              if (v) assign(role, v);
            }}
          >
            <label htmlFor={id}>
              {role[0]!.toUpperCase() + role.slice(1)}:{' '}
              <span className="muted">{holder ?? 'nobody'}</span>
            </label>
            <div className="row">
              <input
                id={id}
                value={edits[role] ?? ''}
                placeholder="person id"
                onChange={(e) => setEdits((x) => ({ ...x, [role]: e.target.value }))}
              />
              <button
                type="submit"
                disabled={m.pending || !edits[role]?.trim()}
                aria-label={`Assign ${role}`}
              >
                Assign
              </button>
              {holder && (
                <button
                  type="button"
                  disabled={m.pending}
                  onClick={() => assign(role, null)}
                  aria-label={`Clear ${role}`}
                >
                  Clear
                </button>
              )}
            </div>
          </form>
        );
      })}
    </section>
  );
}
