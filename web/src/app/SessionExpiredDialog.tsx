import { sessionStore, signOut } from '../api/session';
import { Dialog } from '../ui/Dialog';
import { SignInForm } from './SignInForm';

/** Shown over the page when a request got a 401: sign in here, nothing underneath is lost. */
export function SessionExpiredDialog() {
  // Ask the way the session was opened: a person's session asks for that person's password.
  const s = sessionStore.get();
  const person = s.status === 'ready' ? s.session.person : null;
  return (
    <Dialog title="Your session has expired — sign in again" testId="session-expired">
      <p>
        Your work on this page is kept. Requests waiting for you are sent once you are signed in.
      </p>
      <SignInForm
        idPrefix="reauth"
        defaultMethod={person ? 'password' : 'token'}
        defaultPerson={person ?? ''}
      />
      <button type="button" className="link" onClick={() => void signOut()}>
        Sign out instead
      </button>
    </Dialog>
  );
}
