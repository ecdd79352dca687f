/** Renderer entry: the API from Electron's preload, or the WebSocket shim in browser mode. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext } from './api/api-context';
import { chooseApi } from './api/choose-api';
import { App } from './app/App';
import './styles.css';

const api = chooseApi();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiContext.Provider value={api}>
      <App />
    </ApiContext.Provider>
  </StrictMode>,
);
