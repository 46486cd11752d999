/** The network explorer's Sweep button: queues networkSweep.ts's entries in the worker and starts the queue. */
import { useExplorerStore } from '../explorer/explorerStore';
import type { TrainerClient } from '../trainerClient';
import { networkSweepEntries, pendingSweep } from './networkSweep';
import { useSweepStore } from './sweepStore';

let nextRun = 1;
const newRunId = () => `sweep-${Date.now().toString(36)}-${nextRun++}`;

export function networkSweepCommand(client: TrainerClient): () => void {
  return () => {
    const explorer = useExplorerStore.getState();
    const entries = pendingSweep(explorer, networkSweepEntries(explorer.settings, explorer.preference[0], useSweepStore.getState()));
    if (entries.length === 0) return;
    const requests = entries.map(({ config }) => {
      const id = newRunId();
      useExplorerStore.getState().addRun(id, config);
      return { id, config };
    });
    void client.command('Queueing the sweep', async (api) => {
      await api.enqueue(requests);
      await api.startQueue();
    });
  };
}
