import type { ReactNode } from 'react';

/** A tab list (WAI-ARIA tabs; arrow keys move between tabs). The panel is the caller's. */
export function Tabs<K extends string>({
  label,
  tabs,
  current,
  onChange,
  idPrefix,
}: {
  label: string;
  tabs: { key: K; text: ReactNode }[];
  current: K;
  onChange: (key: K) => void;
  idPrefix: string;
}) {
  const move = (delta: number) => {
    const i = tabs.findIndex((t) => t.key === current);
    const next = tabs[(i + delta + tabs.length) % tabs.length]!;
    onChange(next.key);
    document.getElementById(`${idPrefix}-tab-${next.key}`)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className="tabs">
      {tabs.map((t) => (
        <button
          key={t.key}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${t.key}`}
          aria-selected={t.key === current}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={t.key === current ? 0 : -1}
          onClick={() => onChange(t.key)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight') move(1);
            if (e.key === 'ArrowLeft') move(-1);
          }}
        >
          {t.text}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({
  idPrefix,
  current,
  children,
}: {
  idPrefix: string;
  current: string;
  children: ReactNode;
}) {
  return (
    <div
      role="tabpanel"
      id={`${idPrefix}-panel`}
      aria-labelledby={`${idPrefix}-tab-${current}`}
      className="tabpanel"
    >
      {children}
    </div>
  );
}
