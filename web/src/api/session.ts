/**
 * The signed-in session, held in memory: the actor, its role and the CSRF token (never in
 * storage; after a reload `GET /api/v1/session` gives them again from the httpOnly cookie).
 * When the session expires mid-work the app stays mounted and `expired` turns true: the
 * sign-in dialog asks again, and requests waiting on it continue after sign-in.
 */
import { ApiError, api, installAuthHooks, setCsrfToken } from './client';
import { recovered } from './connectivity';
import { createStore, useStore } from './store';
import type { Session } from './types';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; message?: string }
  | { status: 'ready'; session: Session; expired: boolean };

export const sessionStore = createStore<SessionState>({ status: 'loading' });

let waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

function settle(ok: boolean) {
  const list = waiters;
  waiters = [];
  for (const w of list)
    if (ok) w.resolve();
    else w.reject(new ApiError(401, 'unauthorized', 'signed out'));
}

function accept(session: Session) {
  setCsrfToken(session.csrf_token);
  sessionStore.set({ status: 'ready', session, expired: false });
  settle(true);
}

/** Loads the session from the cookie (on start and after the server comes back). */
export async function loadSession(): Promise<void> {
  try {
    accept(await api<Session>('/api/v1/session', { raw401: true }));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      sessionStore.set({ status: 'signed-out' });
    }
    // network: stays loading; `recovered` tries again
  }
}

/** What sign-in takes: an API token, or a person id and that person's password. */
export type Credentials = { token: string } | { person: string; password: string };

export async function signIn(credentials: string | Credentials): Promise<void> {
  const body = typeof credentials === 'string' ? { token: credentials } : credentials;
  accept(await api<Session>('/api/v1/session', { method: 'POST', body, raw401: true }));
}

export async function signOut(): Promise<void> {
  try {
    await api<void>('/api/v1/session', { method: 'DELETE', raw401: true });
  } finally {
    setCsrfToken(null);
    sessionStore.set({ status: 'signed-out', message: 'You are signed out.' });
    settle(false);
  }
}

installAuthHooks({
  reauthenticate() {
    const s = sessionStore.get();
    if (s.status === 'ready' && !s.expired) sessionStore.set({ ...s, expired: true });
    else if (s.status !== 'ready')
      return Promise.reject(new ApiError(401, 'unauthorized', 'signed out'));
    return new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
  },
  async refreshCsrf() {
    const session = await api<Session>('/api/v1/session');
    setCsrfToken(session.csrf_token);
    const s = sessionStore.get();
    if (s.status === 'ready') sessionStore.set({ ...s, session });
  },
});

recovered.on(() => {
  if (sessionStore.get().status === 'loading') void loadSession();
});

export const useSession = () => useStore(sessionStore);

/** The role of the signed-in actor (viewer when unknown). */
export function useRole() {
  const s = useSession();
  return s.status === 'ready' ? s.session.actor.role : 'viewer';
}
