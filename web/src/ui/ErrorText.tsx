import type { ApiError } from '../api/client';

/**
 * An error said plainly next to what failed. Forbidden is announced globally (toast) and the
 * offline banner covers network failures; here they are said briefly, so the form explains
 * why its text is still there.
 */
export function ErrorText({ error, what }: { error: ApiError | null; what?: string }) {
  // A missing role is said once, globally, in the server's words (see App: `forbidden`).
  if (!error || error.code === 'forbidden') return null;
  const text =
    error.code === 'network'
      ? `Opsdeck is not reachable${what ? `; ${what} was not saved` : ''}. Your text is kept — try again when it is back.`
      : error.message;
  return (
    <p className="error-text" role="alert">
      {text}
    </p>
  );
}

/** Loading and error states of a read, said plainly. */
export function LoadState({
  loading,
  error,
  empty,
}: {
  loading: boolean;
  error: ApiError | null;
  empty?: boolean;
}) {
  if (error && error.code !== 'network')
    return (
      <p role="alert" className="error-text">
        Could not load: {error.message}
      </p>
    );
  if (loading && empty)
    return (
      <p className="muted" role="status">
        Loading…
      </p>
    );
  return null;
}
