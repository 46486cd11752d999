import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { parseBudgetParam } from './explorer/budgets';
import { explorerCommands } from './explorer/explorerCommands';
import { useExplorerStore } from './explorer/explorerStore';
import { parseBackendParam } from './params';
import { useAppStore } from './store';
import { startTrainer } from './trainerClient';
import './styles.css';

const param = parseBackendParam(window.location.search);
if (param.error) useAppStore.getState().addNotice({ source: 'param', level: 'warning', message: param.error });

// ?budget=tiny|quick|paper picks the starting budget (tiny: a smoke test of a few dozen images).
const budget = parseBudgetParam(window.location.search);
if (budget) useExplorerStore.getState().setBudget(budget);

// The worker is started here, not in an effect, so StrictMode's double effects don't start two.
const client = startTrainer({ backend: param.backend });
const commands = explorerCommands(client);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App client={client} commands={commands} />
  </StrictMode>,
);
