/** The network explorer's Sweep button: queues networkSweep.ts's entries in the worker and starts the queue. */
import { useExplorerStore } from '../explorer/explorerStore';
import { explorerView, newExplorerRuns, queuedExplorerRuns } from '../explorer/explorerView';
import { useRunsStore } from '../runs/runsStore';
import { ownedRuns, workerLoop } from '../runs/runViews';
import type { TrainerClient } from '../trainerClient';
import { networkSweepEntries, pendingSweep, SWEEP_RUN_ID_PREFIX } from './networkSweep';
import { useSweepStore } from './sweepStore';

let nextRun = 1;
const newRunId = () => `${SWEEP_RUN_ID_PREFIX}${Date.now().toString(36)}-${nextRun++}`;

export function networkSweepCommand(client: TrainerClient): () => void {
  return () => {
    const explorer = useExplorerStore.getState();
    const runs = useRunsStore.getState();
    const entries = pendingSweep(ownedRuns(runs, 'explorer'), networkSweepEntries(explorer.settings, explorer.preference, useSweepStore.getState()));
    // The runs are at this k₀: a Pareto set model is compared with them there (modelCommands.ts askModelGrid).
    explorer.setSweepK0(explorer.preference[0]);
    if (entries.length === 0) {
      // Nothing to add, but the sweep's runs wait in a queue that is not going (a reload, Stop): it goes on with them.
      const loop = workerLoop(runs);
      if (loop.state === 'idle' && !loop.processing && queuedExplorerRuns(explorerView(runs, explorer)).length > 0) void client.command('Starting the queue', (api) => api.startQueue());
      return;
    }
    const requests = entries.map(({ config }) => ({ id: newRunId(), config }));
    // The front shows the sweep's setting (the current one), not one picked before.
    explorer.pickSetting(null);
    // Network sweep runs are the explorer's: they join its list, its front and its comparison.
    runs.add(newExplorerRuns(runs, requests));
    void client.command('Queueing the sweep', async (api) => {
      await api.enqueue(requests);
      await api.startQueue();
    });
  };
}
