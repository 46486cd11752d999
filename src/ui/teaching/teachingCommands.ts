/**
 * What the teaching lab's buttons do: record the runs in the run store (owned by 'teaching') and hand them to the
 * worker as teaching requests (protocol.ts TeachingRunRequest). A sweep queues the grid of every picked method one
 * after the other and starts the queue; it replaces the earlier points of the same methods on the same problem.
 * With "several workers" ticked, the sweep's runs are dealt out to the main worker and helper workers
 * (workerPool.ts); each run records the worker it went to.
 */
import { oneAtATime } from '../worker/oneAtATime';
import type { TeachingRunRequest } from '../../workers/protocol';
import type { MethodKey } from '../../experiment/choices';
import { useSweepStore } from '../compare/sweepStore';
import { helperName, maxParallelWorkers, splitRoundRobin, WorkerPool } from '../compare/workerPool';
import { isEnded, MAIN_WORKER, newTeachingRun, type TeachingRun } from '../runs/runRecord';
import { useRunsStore } from '../runs/runsStore';
import { ownedRuns } from '../runs/runViews';
import { useAppStore } from '../store';
import type { TrainerClient } from '../trainerClient';
import { startTrainerWorker } from '../worker/trainerWorkers';
import { useTeachingStore } from './teachingStore';
import { centrePreference, endedRunIds, modelRun, newTeachingRuns, pinnedRun } from './teachingState';
import { nextOrdinal } from '../runs/runsState';
import { objectiveCount, problemKey, problemKeyOf, teachingRunConfig } from './teachingSettings';
import { keyOfMethod } from '../compare/methodKeys';
import type { TeachingConfig } from '../../engine/teaching/config';
import { isComing, labSweepChanges, labSweepEntries, type LabSweepEntry } from './labSweep';
import { TOUR_STEPS } from './tourSteps';

let nextRun = 1;

/** Answers the plot and the saved runs can hold: finite objectives from 0 to 1e6 (as the saved runs' schema). */
const plausible = (answers: readonly (readonly number[])[]) => answers.every((f) => f.every((v) => Number.isFinite(v) && v >= 0 && v <= 1e6));
const newRunId = () => `teach-${Date.now().toString(36)}-${nextRun++}`;

export interface TeachingCommands {
  /**
   * Runs the sweep grid for every picked method (or for `only`) on the problem shown; a method at a preference that is
   * still queued or training there is not queued again (a second press, a double click, does not queue it twice).
   */
  sweep(only?: readonly MethodKey[]): void;
  /** One run per picked method at the editor's preference. */
  runPreference(): void;
  /** Stops the lab's run in training and takes its queued ones out of the queue (the explorer's runs train on). */
  stop(): void;
  /** Forgets the ended runs of the problem shown (other problems' runs stay). */
  clear(): void;
  /**
   * Sets up the tour's step i (problem, methods, sweep size) and runs its sweep: the step's methods, and those it
   * compares with that have no points of this problem yet (a step set up on its own has what it speaks of).
   */
  setUpTourStep(i: number): void;
  /** Asks the worker for the shown problem's exact front unless it is known or asked for already. */
  showExactFront(): void;
  /**
   * Asks the problem's Pareto set model (modelRun) what it gives at the editor's preference; the answer becomes the
   * lab's probe. One question at a time: asked again while one is out, it asks once more, with the newest
   * preference, when the answer is in — a fast drag never queues up questions behind the worker.
   */
  askModel(): void;
  /** Keeps the probe as a finished point of its own (saved, exported). */
  pinProbe(): void;
  /** Asks the finished model for its answers at this grid (the one the methods it is compared with ran at: labGrids.ts), unless it has them. */
  askModelGrid(grid: number[][]): void;
  /**
   * Queues again, in the main worker, the runs a reload cut short (their configs, labQueue.ts): they wait, as the
   * explorer's restored queue waits, until Sweep goes on with them.
   */
  queueAgain(configs: readonly TeachingConfig[]): void;
}

export interface TeachingCommandDeps {
  /** Deletes the saved records of this problem the schema refused on load (teachingPersistence.ts). */
  clearUnreadable?(problem: string): void;
}

export function teachingCommands(client: TrainerClient, deps: TeachingCommandDeps = {}): TeachingCommands {
  const teaching = () => useTeachingStore.getState();
  const runs = () => useRunsStore.getState();
  const labRuns = (): readonly TeachingRun[] => ownedRuns(runs(), 'teaching');
  let pool: WorkerPool | null = null;
  const frontsAsked = new Set<string>();
  let gridAsks = 0;
  const helpers = () =>
    (pool ??= new WorkerPool({
      start: (name, label) => startTrainerWorker(name, label),
      runs,
      fail: (runIds, cause) => runs().fail(runIds, cause),
      stopped: (runIds) => runs().stop(runIds),
    }));
  const requestsOf = (records: readonly TeachingRun[]): TeachingRunRequest[] => records.map((r) => ({ id: r.id, kind: 'teaching', config: r.config }));
  const queue = (specs: { key: MethodKey; preference: number[] }[], what: string, parallel = false) => {
    const n = parallel ? Math.max(1, Math.min(maxParallelWorkers(navigator.hardwareConcurrency), specs.length)) : 1;
    // Run i goes to lane i mod n (splitRoundRobin): lane 0 is the main worker, lane j helper j.
    const withIds = specs.map((r, i) => ({ ...r, id: newRunId(), worker: i % n === 0 ? MAIN_WORKER : helperName(i % n) }));
    const records = newTeachingRuns(runs(), teaching().settings, withIds);
    runs().add(records);
    const lanes = splitRoundRobin(requestsOf(records), n);
    void client.command(what, async (api) => {
      await api.enqueue(lanes[0]);
      await api.startQueue();
    });
    if (lanes.length > 1) {
      // On the backend the main worker chose (the same numbers), training as many runs at once as the page asked.
      const app = useAppStore.getState();
      void helpers().run(lanes.slice(1), { backend: app.backend?.name, runsAtOnce: app.requested.atOnce ?? undefined });
    }
  };
  /** The runs not queued or training already for the shown problem (a second press, a double click, queues nothing more). */
  const notComing = (wanted: readonly LabSweepEntry[]) => wanted.filter((entry) => !isComing(labRuns(), problemKey(teaching().settings), entry));
  /**
   * Stops the lab's runs `which` picks, in every worker: the worker takes them out of its queue and ends the one it
   * trains only if it is one of them (the main worker's queue is the explorer's too). The queued ones are stopped here;
   * the one in training when the worker says so.
   */
  const stopLabRuns = (which: (run: TeachingRun) => boolean) => {
    const mine = labRuns().filter((r) => !isEnded(r) && which(r));
    if (mine.length === 0) return;
    const onMain = mine.filter((r) => r.worker === MAIN_WORKER);
    if (onMain.length > 0) void client.command('Stopping', (api) => api.stop(onMain.map((r) => r.id)));
    runs().stop(onMain.filter((r) => r.state === 'queued').map((r) => r.id));
    const ids = new Set(mine.map((r) => r.id));
    void pool?.stopRuns((r) => ids.has(r.id));
  };
  const commands: TeachingCommands = {
    queueAgain(configs) {
      if (configs.length === 0) return;
      const first = nextOrdinal(runs(), 'teaching');
      const records = configs.map((config, i) => newTeachingRun(newRunId(), first + i, { config, problem: problemKeyOf(config.problem), key: keyOfMethod(config.method) }));
      runs().add(records);
      void client.command('Queueing the lab runs that waited', (api) => api.enqueue(requestsOf(records)));
    },
    sweep(only) {
      const { methods, size } = useSweepStore.getState();
      const settings = teaching().settings;
      const waiting = labRuns().some((r) => r.state === 'queued' && r.worker === MAIN_WORKER);
      // The runs finished with these very settings stay (seeded, each would give the same point again): a sweep cut
      // short goes on where it stopped, and one that finished has nothing to run (the panel says so).
      const { toRun, forgotten } = labSweepChanges(labRuns(), settings, labSweepEntries(settings, teaching().preference, only ?? methods, size));
      if (toRun.length === 0) {
        // Runs wait in a stopped queue (the explorer's Stop, a reload): this press goes on with them.
        if (waiting) void client.command('Starting the queue', (api) => api.startQueue());
        return;
      }
      // The other ended runs of the methods swept again are replaced (the panel said so); pinned points stay.
      runs().remove(forgotten.map((r) => r.id));
      queue(toRun, 'Queueing the sweep', useSweepStore.getState().parallel);
    },
    runPreference() {
      const { preference } = teaching();
      const specs = notComing(useSweepStore.getState().methods.map((key) => ({ key, preference: [...preference] })));
      if (specs.length > 0) queue(specs, 'Starting the runs');
    },
    stop() {
      stopLabRuns(() => true);
    },
    clear() {
      const problem = problemKey(teaching().settings);
      runs().remove(endedRunIds(labRuns(), problem, null));
      deps.clearUnreadable?.(problem);
    },
    setUpTourStep(i) {
      const step = TOUR_STEPS[i];
      if (!step) return;
      const s = teaching();
      s.setActive(true);
      s.setSettings(step.setup.problem);
      useSweepStore.getState().setSweep({ methods: [...step.setup.methods], size: step.setup.size });
      const key = problemKey(teaching().settings);
      // The tour now shows another problem: what it still ran of the one before would train out of sight. (Its own
      // problem's runs train on: the sweep below keeps them.)
      stopLabRuns((r) => r.problem !== key);
      // The methods the step compares with are run too where this problem has no points of them (the step was set up
      // on its own); a sweep still running is not queued again (sweep leaves busy methods as they are).
      const hasPoints = (method: MethodKey) => labRuns().some((r) => r.problem === key && r.key === method && (r.state === 'finished' || !isEnded(r)));
      commands.sweep(step.setup.methods.filter((method) => step.setup.run.includes(method) || !hasPoints(method)));
    },
    askModel: oneAtATime(() => {
      const { settings, preference } = teaching();
      const model = modelRun(labRuns(), problemKey(settings));
      if (!model) {
        if (teaching().probe) teaching().setProbe(null);
        return;
      }
      const k = [...preference];
      return client
        .command('Reading the Pareto set model', (api) =>
          api.paretoSetAnswers({ runId: model.id, config: model.config, model: model.paretoSet?.model ?? null, preferences: [k] }),
        )
        .then((answer) => {
          // null: the run ended meanwhile; the state change asks again (of its saved model).
          if (answer?.[0] && plausible(answer)) teaching().setProbe({ run: model.id, preference: k, objectives: answer[0] });
        });
    }),
    askModelGrid(grid) {
      const { settings, gridAnswers } = teaching();
      const model = modelRun(labRuns(), problemKey(settings));
      if (!model || model.state !== 'finished' || !model.paretoSet) return;
      if (gridAnswers?.run === model.id && JSON.stringify(gridAnswers.preferences) === JSON.stringify(grid)) return;
      const { config, paretoSet } = model;
      const ask = ++gridAsks;
      void client
        .command('Reading the Pareto set model', (api) => api.paretoSetAnswers({ runId: model.id, config, model: paretoSet.model, preferences: grid }))
        .then((objectives) => {
          // Only the newest question's answers: an older one was for another grid or model.
          if (ask === gridAsks && objectives && plausible(objectives)) teaching().setGridAnswers({ run: model.id, preferences: grid, objectives });
        });
    },
    pinProbe() {
      const probe = teaching().probe;
      const model = probe ? runs().byId.get(probe.run) : undefined;
      if (!probe || !model || model.owner !== 'teaching') return;
      // The same point pinned twice (a double click) is one point.
      const same = (k: readonly number[]) => k.length === probe.preference.length && k.every((v, i) => v === probe.preference[i]);
      if (labRuns().some((r) => r.pin?.run === model.id && same(r.config.preference))) return;
      runs().add([pinnedRun(newRunId(), nextOrdinal(runs(), 'teaching'), model, probe)]);
    },
    showExactFront() {
      const settings = teaching().settings;
      const key = problemKey(settings);
      if (runs().exactFronts.has(key) || frontsAsked.has(key)) return;
      frontsAsked.add(key);
      const { problem, seed } = teachingRunConfig(settings, 'chebyshev-al', centrePreference(objectiveCount(settings)));
      void client
        .command('Computing the exact front', (api) => api.exactFront(problem, seed))
        .then((front) => {
          if (front) runs().addExactFront(key, front);
          else frontsAsked.delete(key);
        });
    },
  };
  return commands;
}
