import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useDataStore } from './data/dataStore';
import { explorerCommands } from './explorer/explorerCommands';
import { startPersistence } from './persistence/startPersistence';
import { applyLink, followFragmentChanges } from './sharing/applyLink';
import { startUrlSync } from './sharing/urlSync';
import { networkSweepCommand } from './compare/networkSweepCommand';
import { teachingCommands } from './teaching/teachingCommands';
import { startTrainer } from './trainerClient';
import './styles.css';

// The experiment comes from the link (fragment, or the older ?budget= / ?backend= query parameters); each bad
// field is named in a notice and replaced by its default, the valid ones are kept.
const link = applyLink(window.location);
followFragmentChanges();

// Finished runs are saved in IndexedDB as they finish and restored here (left-over running ones: interrupted; queued
// ones queued again, once the commands below exist: the restore is asynchronous). The lab's unfinished runs come back
// from this tab's session storage, queued again.
const { persistence, lab } = startPersistence(
  (runs) => commands.queueAgain(runs),
  (configs) => teaching.queueAgain(configs),
);

// The worker is started here, not in an effect, so StrictMode's double effects don't start two.
const client = startTrainer({
  worker: { backend: link.experiment.backend, atOnce: link.experiment.atOnce },
  onMessages: (messages) => persistence.handle(messages),
  onGone: () => persistence.workerGone(),
});
const commands = explorerCommands(client, persistence);
// Which datasets the server has (and whether it can prepare the missing ones): the Experiment panel shows it.
void useDataStore.getState().refresh();
const teaching = teachingCommands(client, { clearUnreadable: (problem) => lab.clearUnreadable(problem) });
const sweepNetworks = networkSweepCommand(client);
// A refused link stays in the address (the user can still copy and fix it) until the first edit.
startUrlSync({ rewriteNow: !link.refused });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App client={client} commands={commands} persistence={persistence} teaching={teaching} sweepNetworks={sweepNetworks} />
  </StrictMode>,
);
