import { useEffect, useRef } from 'react';
import type { DeskConversation } from './desk-state';

export interface DeskKeyActions {
  accept?: () => void;
  reject?: () => void;
  next: () => void;
  pick: (index: number) => void;
  panel?: (panel: DeskConversation['panel']) => void;
  focusReply: () => void;
}

/**
 * The desk's shortcuts: Alt+A accept, Alt+R reject, Alt+N next conversation (unread first),
 * Alt+1…9 pick, Alt+C reply box, Alt+T transfer, Alt+W wrap up. Letters match by physical key too,
 * because Alt+letter types another character on some layouts (macOS).
 */
export function useDeskKeys(actions: DeskKeyActions): void {
  const current = useRef(actions);
  current.current = actions;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const a = current.current;
      const key = event.key.toLowerCase();
      const is = (letter: string) => key === letter || event.code === `Key${letter.toUpperCase()}`;
      if (is('a') && a.accept) a.accept();
      else if (is('r') && a.reject) a.reject();
      else if (is('n')) a.next();
      else if (is('t') && a.panel) a.panel('transfer');
      else if (is('w') && a.panel) a.panel('wrap-up');
      else if (is('c')) a.focusReply();
      else if (/^Digit[1-9]$/.test(event.code)) a.pick(Number(event.code.slice(5)) - 1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
