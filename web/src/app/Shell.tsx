import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { liveStatus } from '../api/events';
import { signOut, useSession } from '../api/session';
import { useStore } from '../api/store';
import { OfflineBanner, Toasts } from './Banners';
import { SessionExpiredDialog } from './SessionExpiredDialog';
import { ShortcutHelp } from './ShortcutHelp';
import { helpOpen, installShortcuts } from './shortcuts';
import { themeStore, toggleTheme } from './theme';

const NAV = [
  { href: '/', text: 'Overview' },
  { href: '/incidents', text: 'Incidents' },
  { href: '/alerts', text: 'Alerts' },
  { href: '/silences', text: 'Silences' },
  { href: '/checks', text: 'Checks' },
  { href: '/oncall', text: 'On-call' },
];

function LiveIndicator() {
  const status = useStore(liveStatus);
  const text =
    status === 'live'
      ? 'Live'
      : status === 'off'
        ? 'Offline'
        : status === 'connecting'
          ? 'Connecting…'
          : 'Reconnecting…';
  return (
    <span
      className={`live live-${status}`}
      role="status"
      data-testid="live-indicator"
      title="Live updates (server-sent events)"
    >
      <span className="dot" aria-hidden="true" />
      {text}
    </span>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const theme = useStore(themeStore);
  const [location, navigate] = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => installShortcuts(navigate), [navigate]);
  const ready = session.status === 'ready' ? session : null;
  const current = (href: string) => (href === '/' ? location === '/' : location.startsWith(href));
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          Opsdeck
        </Link>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <nav id="main-nav" aria-label="Main" className={menuOpen ? 'open' : undefined}>
          <ul>
            {NAV.map((n) => (
              <li key={n.href}>
                <Link
                  href={n.href}
                  aria-current={current(n.href) ? 'page' : undefined}
                  onClick={() => setMenuOpen(false)}
                >
                  {n.text}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-tools">
          <LiveIndicator />
          <button
            type="button"
            className="icon-text"
            onClick={() => helpOpen.set(true)}
            aria-label="Keyboard shortcuts"
          >
            ?
          </button>
          <button
            type="button"
            className="icon-text"
            onClick={toggleTheme}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          {ready && (
            <span className="who">
              <span data-testid="actor">
                {ready.session.actor.name}{' '}
                <span className="muted">({ready.session.actor.role})</span>
              </span>
              <button type="button" onClick={() => void signOut()}>
                Sign out
              </button>
            </span>
          )}
        </div>
      </header>
      <OfflineBanner />
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <Toasts />
      <ShortcutHelp />
      {ready?.expired && <SessionExpiredDialog />}
    </>
  );
}
