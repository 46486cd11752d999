/**
 * The explorer's Run against a stand-in worker that takes every request at once: a double click starts one run, even
 * when the worker answered the first click before its loop's state (which disables Run) came in; another k is another run.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { TrainerClient } from '../trainerClient';
import type { RunRequest, TrainerWorkerApi } from '../../workers/protocol';
import { useRunsStore } from '../runs/runsStore';
import { emptyRuns } from '../runs/runsState';
import { ownedRuns } from '../runs/runViews';
import { explorerCommands } from './explorerCommands';
import { useExplorerStore } from './explorerStore';
import { initialExplorerState } from './explorerState';

function standIn() {
  const started: RunRequest[] = [];
  const api = { run: async (request: RunRequest) => void started.push(request) } as unknown as TrainerWorkerApi;
  const client = { command: (_what: string, f: (a: never) => Promise<unknown>) => f(api as never) } as unknown as TrainerClient;
  const persistence = { clear: async () => {}, deleteRuns: async () => {}, savePinned: async () => {}, model: async () => null, saveModel: async () => {} };
  return { started, commands: explorerCommands(client, persistence as never) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  useRunsStore.setState(emptyRuns());
  useExplorerStore.setState(initialExplorerState('tiny'));
});

describe("the explorer's Run", () => {
  it('a double click starts one run, also after the worker took the first and before its state came in', async () => {
    const { started, commands } = standIn();
    commands.runNow();
    commands.runNow();
    await flush();
    // The worker answered; its loop's state (the run loaded) has not come in yet: the run is still queued here.
    commands.runNow();
    await flush();
    expect(started).toHaveLength(1);
    expect(ownedRuns(useRunsStore.getState(), 'explorer')).toHaveLength(1);
    // Another k is another run (behind the lab's runs, say, the first may wait in the queue a while).
    useExplorerStore.getState().setPreference([0.3, 0.3, 0.4]);
    commands.runNow();
    await flush();
    expect(started.map((r) => r.config.preference)).toEqual([[0.2, 0.4, 0.4], [0.3, 0.3, 0.4]]);
  });
});
