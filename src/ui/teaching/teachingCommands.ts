/**
 * What the teaching lab's buttons do: record the runs in the teaching store and hand them to the worker as
 * teaching requests (protocol.ts TeachingRunRequest). A sweep queues the grid of every picked method one after
 * the other and starts the queue; it replaces the earlier points of the same methods on the same problem. With
 * "several workers" ticked, the sweep's runs are dealt out to the main worker and helper workers (workerPool.ts).
 */
import type { TeachingRunRequest } from '../../workers/protocol';
import type { MethodKey } from '../../experiment/choices';
import { simplexGrid } from '../compare/sweepGrid';
import { useSweepStore } from '../compare/sweepStore';
import { maxParallelWorkers, splitRoundRobin, WorkerPool } from '../compare/workerPool';
import { useAppStore } from '../store';
import type { TrainerClient } from '../trainerClient';
import { useTeachingStore } from './teachingStore';
import { isEnded } from './teachingState';
import { objectiveCount, problemKey, teachingRunConfig } from './teachingSettings';
import { TOUR_STEPS } from './tourSteps';

let nextRun = 1;
const newRunId = () => `teach-${Date.now().toString(36)}-${nextRun++}`;

export interface TeachingCommands {
  /** Runs the sweep grid for every picked method (or for `only`). */
  sweep(only?: readonly MethodKey[]): void;
  /** One run per picked method at the editor's preference. */
  runPreference(): void;
  /** Stops the running teaching run and takes the queued ones out of the queue. */
  stop(): void;
  /** Forgets the teaching runs that ended. */
  clear(): void;
  /** Sets up the tour's step i (problem, methods, sweep size) and runs its sweep. */
  setUpTourStep(i: number): void;
}

export function teachingCommands(client: TrainerClient): TeachingCommands {
  const teaching = () => useTeachingStore.getState();
  let pool: WorkerPool | null = null;
  const helpers = () =>
    (pool ??= new WorkerPool(
      (messages) => teaching().applyMessages(messages),
      (runIds, message) => teaching().applyMessages(runIds.map((runId) => ({ kind: 'run-failed', runId, message: `helper worker: ${message}` }))),
    ));
  const queue = (runs: { key: MethodKey; preference: number[] }[], what: string, parallel = false) => {
    const settings = teaching().settings;
    const withIds = runs.map((r) => ({ ...r, id: newRunId() }));
    const requests: TeachingRunRequest[] = withIds.map((r) => ({ id: r.id, kind: 'teaching', config: teachingRunConfig(settings, r.key, r.preference) }));
    teaching().addRuns(withIds);
    const lanes = splitRoundRobin(requests, parallel ? Math.min(maxParallelWorkers(navigator.hardwareConcurrency), requests.length) : 1);
    void client.command(what, async (api) => {
      await api.enqueue(lanes[0]);
      await api.startQueue();
    });
    if (lanes.length > 1) void helpers().run(lanes.slice(1), useAppStore.getState().backend?.name);
  };
  const commands: TeachingCommands = {
    sweep(only) {
      const { methods, size } = useSweepStore.getState();
      const keys = only ?? methods;
      if (keys.length === 0) return;
      const settings = teaching().settings;
      const grid = simplexGrid(objectiveCount(settings), size);
      teaching().dropEnded(problemKey(settings), keys);
      queue(
        keys.flatMap((key) => grid.map((preference) => ({ key, preference }))),
        'Queueing the sweep',
        useSweepStore.getState().parallel,
      );
    },
    runPreference() {
      const { preference } = teaching();
      queue(
        useSweepStore.getState().methods.map((key) => ({ key, preference: [...preference] })),
        'Starting the runs',
      );
    },
    stop() {
      const s = teaching();
      const waiting = s.order.filter((id) => s.runs[id].state === 'queued');
      void client.command('Stopping', async (api) => {
        await api.dequeue(waiting);
        await api.stop();
      });
      s.applyMessages(waiting.map((runId) => ({ kind: 'run-stopped', runId })));
      void pool?.stopAll();
    },
    clear() {
      teaching().dropEnded(null, null);
    },
    setUpTourStep(i) {
      const step = TOUR_STEPS[i];
      if (!step) return;
      const s = teaching();
      s.setActive(true);
      s.setSettings(step.setup.problem);
      useSweepStore.getState().setSweep({ methods: [...step.setup.methods], size: step.setup.size });
      // Don't queue the same sweep twice while it is still running.
      const key = problemKey(teaching().settings);
      const pending = teaching().order.some((id) => {
        const r = teaching().runs[id];
        return r.problem === key && !isEnded(r) && step.setup.run.includes(r.key);
      });
      if (!pending) commands.sweep(step.setup.run);
    },
  };
  return commands;
}
