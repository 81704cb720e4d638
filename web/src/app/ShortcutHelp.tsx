import { useStore } from '../api/store';
import { Dialog } from '../ui/Dialog';
import { NAV_SHORTCUTS, helpOpen, pageShortcuts } from './shortcuts';

export function ShortcutHelp() {
  const open = useStore(helpOpen);
  const page = useStore(pageShortcuts);
  if (!open) return null;
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => helpOpen.set(false)} testId="shortcut-help">
      <dl className="shortcuts">
        {page.map((s) => (
          <div key={s.key}>
            <dt>
              <kbd>{s.key}</kbd>
            </dt>
            <dd>{s.description}</dd>
          </div>
        ))}
        {NAV_SHORTCUTS.map((s) => (
          <div key={s.key}>
            <dt>
              <kbd>g</kbd> <kbd>{s.key}</kbd>
            </dt>
            <dd>{s.description}</dd>
          </div>
        ))}
        <div>
          <dt>
            <kbd>?</kbd>
          </dt>
          <dd>Show this list</dd>
        </div>
      </dl>
      <p className="muted">Shortcuts are ignored while you type in a field.</p>
    </Dialog>
  );
}
