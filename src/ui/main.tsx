import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { parseBackendParam } from './params';
import { useAppStore } from './store';
import { startTrainer } from './trainerClient';
import './styles.css';

const param = parseBackendParam(window.location.search);
if (param.error) useAppStore.getState().addNotice({ source: 'param', level: 'warning', message: param.error });

// The worker is started here, not in an effect, so StrictMode's double effects don't start two.
const client = startTrainer({ backend: param.backend });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
