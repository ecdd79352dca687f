/**
 * What the analysis screen shares with the views below the flow list: the
 * list's filter and order (the waterfall pages through the same list, exports
 * write it) and a way to select a connection from a view (a waterfall bar).
 */
import { createContext, useContext } from 'react';
import type { ConnectionSort } from '../../../../contract/api';

export interface FlowState {
  analysisId: string;
  filter: string;
  sort: ConnectionSort;
  /** connections the filter shows */
  shown: number;
  selectedId: number | null;
  selectConnection(id: number): void;
}

export const FlowContext = createContext<FlowState | null>(null);

export function useFlow(): FlowState | null {
  return useContext(FlowContext);
}
