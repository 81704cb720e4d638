import { useState } from 'react';
import { ApiError } from '../api/client';
import { signIn, type Credentials } from '../api/session';

export type SignInMethod = 'token' | 'password';

function messageOf(err: unknown, method: SignInMethod): string {
  const e2 = err instanceof ApiError ? err : null;
  if (e2?.code === 'network') return 'Opsdeck is not reachable. Try again in a moment.';
  if (e2?.status === 401)
    return method === 'token'
      ? `That token was not accepted: ${e2.message}`
      : `That person and password were not accepted: ${e2.message}`;
  return e2?.message ?? 'Sign-in failed.';
}

/**
 * The sign-in form, used by the sign-in page and by the session-expired dialog (which signs
 * in without leaving the page, so every form underneath keeps its text). Two ways in: an API
 * token, or a person id and that person's password (`opsdeck people password`); a pair of
 * toggle buttons picks which form is shown.
 */
export function SignInForm({
  idPrefix,
  submitText = 'Sign in',
  defaultMethod = 'token',
  defaultPerson = '',
}: {
  idPrefix: string;
  submitText?: string;
  defaultMethod?: SignInMethod;
  defaultPerson?: string;
}) {
  const [method, setMethod] = useState<SignInMethod>(defaultMethod);
  const [token, setToken] = useState('');
  const [person, setPerson] = useState(defaultPerson);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const id = `${idPrefix}-token`;
  const personId = `${idPrefix}-person`;
  const passwordId = `${idPrefix}-password`;
  const errorId = `${idPrefix}-${method}-error`;

  const submit = async (credentials: Credentials, done: () => void) => {
    setPending(true);
    setError(null);
    try {
      await signIn(credentials);
      done();
    } catch (err) {
      setError(messageOf(err, method));
    } finally {
      setPending(false);
    }
  };
  const pick = (m: SignInMethod) => {
    if (m === method) return;
    setMethod(m);
    setError(null);
  };
  const errorText = error && (
    <p id={errorId} className="error-text" role="alert">
      {error}
    </p>
  );

  return (
    <div className="stack">
      <div className="segmented" role="group" aria-label="Sign-in method">
        <button
          type="button"
          aria-pressed={method === 'token'}
          aria-controls={`${idPrefix}-form`}
          onClick={() => pick('token')}
        >
          API token
        </button>
        <button
          type="button"
          aria-pressed={method === 'password'}
          aria-controls={`${idPrefix}-form`}
          onClick={() => pick('password')}
        >
          Person and password
        </button>
      </div>
      {method === 'token' ? (
        <form
          id={`${idPrefix}-form`}
          className="stack"
          aria-label="Sign in with a token"
          data-testid={`${idPrefix}-token-form`}
          onSubmit={(e) => {
            e.preventDefault();
            void submit({ token: token.trim() }, () => setToken(''));
          }}
        >
          <label htmlFor={id}>API token</label>
          <input
            id={id}
            name="token"
            type="password"
            autoComplete="current-password"
            required
            value={token}
            onChange={(e) => setToken(e.target.value)}
            aria-describedby={error ? errorId : undefined}
          />
          {errorText}
          <button type="submit" className="primary" disabled={pending || !token.trim()}>
            {pending ? 'Signing in…' : submitText}
          </button>
        </form>
      ) : (
        <form
          id={`${idPrefix}-form`}
          className="stack"
          aria-label="Account sign-in"
          data-testid={`${idPrefix}-password-form`}
          onSubmit={(e) => {
            e.preventDefault();
            void submit({ person: person.trim(), password }, () => setPassword(''));
          }}
        >
          <div className="field">
            <label htmlFor={personId}>Person id</label>
            <input
              id={personId}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
              value={person}
              placeholder="alice"
              onChange={(e) => setPerson(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={passwordId}>Password</label>
            <input
              id={passwordId}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby={error ? errorId : undefined}
            />
          </div>
          {errorText}
          <button
            type="submit"
            className="primary"
            disabled={pending || !person.trim() || !password}
          >
            {pending ? 'Signing in…' : submitText}
          </button>
        </form>
      )}
    </div>
  );
}
