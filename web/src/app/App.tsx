import { Suspense, useEffect } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { forbidden } from '../api/client';
import { restartLive, startLive, stopLive } from '../api/events';
import { loadSession, useSession } from '../api/session';
import { OverviewPage } from '../overview/OverviewPage';
import { OfflineBanner } from './Banners';
import { ErrorBoundary } from './ErrorBoundary';
import { lazyPage } from './lazyPage';
import { Shell } from './Shell';
import { SignInPage } from './SignInPage';
import { toast } from './toasts';

// Everything but the overview loads on first visit: the first bundle stays small.
const ChecksPage = lazyPage(() => import('../checks/ChecksPage'));
const CheckPage = lazyPage(() => import('../checks/CheckPage'));
const AlertsPage = lazyPage(() => import('../alerts/AlertsPage'));
const SilencesPage = lazyPage(() => import('../alerts/SilencesPage'));
const IncidentsPage = lazyPage(() => import('../incidents/IncidentsPage'));
const IncidentPage = lazyPage(() => import('../incidents/IncidentPage'));
const OncallPage = lazyPage(() => import('../oncall/OncallPage'));

function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        There is no page here. <a href="/">Back to the overview</a>.
      </p>
    </>
  );
}

function Routes() {
  const [location] = useLocation();
  return (
    <ErrorBoundary resetKey={location}>
      <Suspense
        fallback={
          <p role="status" className="muted">
            Loading…
          </p>
        }
      >
        <Switch>
          <Route path="/" component={OverviewPage} />
          <Route path="/signin">
            <Redirect to="/" replace />
          </Route>
          <Route path="/checks" component={ChecksPage} />
          <Route path="/checks/:service/:check" component={CheckPage} />
          <Route path="/alerts" component={AlertsPage} />
          <Route path="/silences" component={SilencesPage} />
          <Route path="/incidents" component={IncidentsPage} />
          <Route path="/incidents/:id" component={IncidentPage} />
          <Route path="/oncall" component={OncallPage} />
          <Route component={NotFound} />
        </Switch>
      </Suspense>
    </ErrorBoundary>
  );
}

export function App() {
  const session = useSession();
  useEffect(() => {
    void loadSession();
    return forbidden.on((e) => toast(e.message, 'error'));
  }, []);
  const ready = session.status === 'ready';
  const expired = ready && session.expired;
  useEffect(() => {
    if (ready) startLive();
    else stopLive();
  }, [ready]);
  useEffect(() => {
    if (ready && !expired) restartLive();
  }, [ready, expired]);

  if (session.status === 'loading')
    return (
      <>
        <OfflineBanner />
        <main id="main">
          <p role="status" className="muted">
            Loading Opsdeck…
          </p>
        </main>
      </>
    );
  if (session.status === 'signed-out')
    return (
      <>
        <OfflineBanner />
        <SignInPage message={session.message} />
      </>
    );
  return (
    <Shell>
      <Routes />
    </Shell>
  );
}
