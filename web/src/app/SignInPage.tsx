import { SignInForm } from './SignInForm';

export function SignInPage({ message }: { message?: string }) {
  return (
    <main id="main" className="signin">
      <h1>Sign in to Opsdeck</h1>
      {message && <p role="status">{message}</p>}
      <p className="muted">
        Paste an API token (<code>opsdeck token create</code>). The console keeps your session in an
        httpOnly cookie; the token itself is not stored in the browser.
      </p>
      <p className="muted">
        Or choose <strong>Person and password</strong> and sign in with your person id and the
        password an admin set for you.
      </p>
      <SignInForm idPrefix="signin" />
    </main>
  );
}
