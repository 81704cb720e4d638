import { useState } from 'react';
import { ApiError } from '../api/client';
import { signIn } from '../api/session';

/**
 * The token sign-in form, used by the sign-in page and by the session-expired dialog (which
 * signs in without leaving the page, so every form underneath keeps its text).
 */
export function SignInForm({
  idPrefix,
  submitText = 'Sign in',
}: {
  idPrefix: string;
  submitText?: string;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const id = `${idPrefix}-token`;
  return (
    <form
      className="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        setPending(true);
        setError(null);
        try {
          await signIn(token.trim());
          setToken('');
        } catch (err) {
          const e2 = err instanceof ApiError ? err : null;
          setError(
            e2?.code === 'network'
              ? 'Opsdeck is not reachable. Try again in a moment.'
              : e2?.status === 401
                ? `That token was not accepted: ${e2.message}`
                : (e2?.message ?? 'Sign-in failed.'),
          );
        } finally {
          setPending(false);
        }
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
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <p id={`${id}-error`} className="error-text" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={pending || !token.trim()}>
        {pending ? 'Signing in…' : submitText}
      </button>
    </form>
  );
}
