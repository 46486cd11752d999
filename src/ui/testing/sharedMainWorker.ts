/**
 * The main worker as the explorer and the lab share it, for their commands' tests: the real RunController with stand-in
 * trainers (many steps: a run trains until stopped, unless told otherwise), its messages applied to the run store as
 * the worker client applies them, behind a TrainerClient stand-in that passes every call through. Only imported by tests.
 */
import { RunController } from '../../workers/runController';
import type { RunRequest, TrainerWorkerApi } from '../../workers/protocol';
import { FakeTeachingTrainer, FakeTrainer } from '../../workers/testing/fakeRuns';
import { MAIN_WORKER } from '../runs/runRecord';
import { useRunsStore } from '../runs/runsStore';
import type { TrainerClient } from '../trainerClient';

export function sharedMainWorker({ steps = 100_000 }: { steps?: number } = {}) {
  const controller = new RunController({
    createTrainer: async (config) => new FakeTrainer(steps, config),
    createTeachingTrainer: async (config) => new FakeTeachingTrainer(steps, { preference: config.preference } as never),
    backend: () => 'fake',
    post: (message) => useRunsStore.getState().applyMessages(MAIN_WORKER, [message]),
    yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
  });
  const api: Partial<TrainerWorkerApi> = {
    run: async (request: RunRequest) => controller.run(request),
    enqueue: async (requests: RunRequest[]) => controller.enqueue(requests),
    startQueue: async () => controller.startQueue(),
    stop: async (runIds?: string[]) => controller.stop(runIds),
    pause: async () => controller.pause(),
    resume: async () => controller.resume(),
    forgetModels: async () => {},
  };
  const client = { command: (_what: string, call: (a: TrainerWorkerApi) => Promise<unknown>) => call(api as TrainerWorkerApi) } as unknown as TrainerClient;
  return { controller, client };
}

/** Lets the worker's loop and its messages run. */
export const settle = (ms = 30): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
