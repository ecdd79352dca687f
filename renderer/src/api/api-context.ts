import { createContext, useContext } from 'react';
import type { TlsLensApi } from '../../../contract/api';

export const ApiContext = createContext<TlsLensApi | null>(null);

export function useApi(): TlsLensApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiContext');
  return api;
}
