/**
 * A request to show one arrow: select the connection in the flow list, bring
 * the Ladder tab forward and select (and scroll to) the arrow — exactly what
 * a click on the row and then on the arrow does. The lesson panel sends it;
 * AnalysisScreen, DetailArea and LadderView follow it. `seq` grows with each
 * request, so asking for the same arrow again shows it again.
 */
import { createContext, useContext } from 'react';

export interface LadderFocus {
  connectionId: number;
  /** the ladder item key (LadderItem.key = the row key) */
  itemKey: string;
  seq: number;
}

export const LadderFocusContext = createContext<LadderFocus | null>(null);

export const useLadderFocus = (): LadderFocus | null => useContext(LadderFocusContext);
