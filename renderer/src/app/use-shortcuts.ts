/**
 * Keys a Wireshark user reaches for. In Electron the menu's accelerators
 * deliver Ctrl+O/W/F/↑/↓ (as menu commands); in a browser the page handles
 * them itself. j/k work in both, except while typing in a field.
 */
import { useEffect, useRef } from 'react';
import type { MenuCommand, TlsLensApi } from '../../../contract/api';

export function useShortcuts(api: TlsLensApi, run: (command: MenuCommand) => void): void {
  // the latest callback, without re-registering listeners on every render
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    const run = (command: MenuCommand) => latest.current(command);
    const offMenu = api.onMenuCommand(run);
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && (e.target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName));
      const ctrl = e.ctrlKey || e.metaKey;
      let command: MenuCommand | null = null;
      if (ctrl && !e.altKey && !e.shiftKey && api.mode === 'browser') {
        if (e.key === 'o' || e.key === 'O') command = 'open';
        else if (e.key === 'f' || e.key === 'F') command = 'find';
        else if (e.key === 'ArrowDown') command = 'next-connection';
        else if (e.key === 'ArrowUp') command = 'previous-connection';
        // Wireshark's Capture > Options (Ctrl+K) and Start/Stop (Ctrl+E)
        else if (e.key === 'k' || e.key === 'K') command = 'capture-start';
        else if (e.key === 'e' || e.key === 'E') command = 'capture-stop';
        // Ctrl+W stays the browser's (close tab); the toolbar's Close button closes the capture
      } else if (!ctrl && !e.altKey && !typing) {
        if (e.key === 'j') command = 'next-connection';
        else if (e.key === 'k') command = 'previous-connection';
      }
      if (command) {
        e.preventDefault();
        run(command);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      offMenu();
      window.removeEventListener('keydown', onKey);
    };
  }, [api]);
}
