import { createContext, type ReactNode, useContext } from 'react';
import { createPortal } from 'react-dom';

/** The place in the top bar a screen may fill (the desk's status control), next to the navigation. */
export const TopBarSlotContext = createContext<HTMLElement | null>(null);

/** Renders its children in the top bar for as long as the screen is open. */
export function TopBarSlot({ children }: { children: ReactNode }) {
  const slot = useContext(TopBarSlotContext);
  return slot ? createPortal(children, slot) : null;
}
