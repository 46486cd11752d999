/**
 * The explorer and the lab share the main worker's queue (the real RunController, stand-in trainers): each one's Stop
 * or Reset ends its own runs only; the other's run trains on and its queued runs stay in the queue.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useRunsStore } from '../runs/runsStore';
import { emptyRuns } from '../runs/runsState';
import { ownedRuns, workerLoop } from '../runs/runViews';
import { isEnded } from '../runs/runRecord';
import { DEFAULT_SWEEP, useSweepStore } from '../compare/sweepStore';
import { explorerCommands } from '../explorer/explorerCommands';
import { initialExplorerState } from '../explorer/explorerState';
import { useExplorerStore } from '../explorer/explorerStore';
import { settle, sharedMainWorker } from '../testing/sharedMainWorker';
import { teachingCommands } from './teachingCommands';
import { initialTeachingState } from './teachingState';
import { useTeachingStore } from './teachingStore';
import { problemKey } from './teachingSettings';
import { TOUR_STEPS } from './tourSteps';

const persistence = { clear: async () => 0, deleteRuns: async () => true, savePinned: () => {}, model: async () => undefined, saveModel: () => {} };
const labRuns = () => ownedRuns(useRunsStore.getState(), 'teaching');
const explorerRuns = () => ownedRuns(useRunsStore.getState(), 'explorer');

beforeEach(() => {
  useRunsStore.setState(emptyRuns());
  useExplorerStore.setState(initialExplorerState());
  useTeachingStore.setState(initialTeachingState());
  useSweepStore.setState({ ...DEFAULT_SWEEP, methods: ['linear'], size: 3 });
});

describe('one worker queue for the explorer and the lab', () => {
  it("the explorer's Reset leaves the lab's run training and its queued runs in the worker's queue", async () => {
    const { client, controller } = sharedMainWorker();
    const lab = teachingCommands(client);
    const explorer = explorerCommands(client, persistence);
    lab.sweep();
    explorer.addToQueue();
    await settle();
    expect(labRuns().map((r) => r.state)).toEqual(['running', 'queued', 'queued']);
    explorer.reset();
    await settle();
    expect(explorerRuns()).toEqual([]);
    expect(labRuns().map((r) => r.state)).toEqual(['running', 'queued', 'queued']);
    expect(workerLoop(useRunsStore.getState()).queued).toEqual(labRuns().slice(1).map((r) => r.id));
    controller.stop();
    await controller.idle();
  });

  it("the lab's Stop leaves the explorer's run training, and takes the lab's own runs out of the queue", async () => {
    const { client, controller } = sharedMainWorker();
    const explorer = explorerCommands(client, persistence);
    const lab = teachingCommands(client);
    explorer.runNow();
    await settle();
    lab.sweep();
    await settle();
    expect(explorerRuns().map((r) => r.state)).toEqual(['running']);
    lab.stop();
    await settle();
    expect(explorerRuns().map((r) => r.state)).toEqual(['running']);
    expect(labRuns().map((r) => r.state)).toEqual(['stopped', 'stopped', 'stopped']);
    expect(workerLoop(useRunsStore.getState()).queued).toEqual([]);
    // Its own run in training: the lab's Stop ends it.
    explorer.stop();
    await controller.idle();
    lab.sweep();
    await settle();
    expect(labRuns().filter((r) => r.state === 'running')).toHaveLength(1);
    lab.stop();
    await controller.idle();
    expect(labRuns().every((r) => isEnded(r))).toBe(true);
  });

  it("one owner stopping its own run in training: the other's queued runs go on", async () => {
    const { client, controller } = sharedMainWorker();
    const lab = teachingCommands(client);
    const explorer = explorerCommands(client, persistence);
    explorer.runNow();
    await settle();
    lab.sweep();
    await settle();
    expect(labRuns().map((r) => r.state)).toEqual(['queued', 'queued', 'queued']);
    // The explorer's Reset ends its run: the lab's sweep takes the worker.
    explorer.reset();
    await settle();
    expect(labRuns().map((r) => r.state)).toEqual(['running', 'queued', 'queued']);
    // The explorer queues a run behind the lab's; the lab's Stop ends its own: the explorer's run takes the worker.
    explorer.addToQueue();
    await settle();
    lab.stop();
    await settle();
    expect(labRuns().map((r) => r.state)).toEqual(['stopped', 'stopped', 'stopped']);
    expect(explorerRuns().map((r) => r.state)).toEqual(['running']);
    controller.stop();
    await controller.idle();
  });

  it("a tour step set up while its problem's run trains keeps that run and queues the rest of its grid", async () => {
    const { client, controller } = sharedMainWorker();
    const lab = teachingCommands(client);
    useSweepStore.setState({ size: 1 });
    lab.sweep(); // Fonseca–Fleming, linear at k = (0.5, 0.5): training
    const shown = problemKey(useTeachingStore.getState().settings);
    useTeachingStore.getState().setSettings({ ...useTeachingStore.getState().settings, problem: 'width-transition' as const });
    lab.sweep(); // the width problem's run waits behind it
    await settle();
    expect(labRuns().map((r) => r.state)).toEqual(['running', 'queued']);
    const step = TOUR_STEPS[0].setup;
    lab.setUpTourStep(0);
    await settle();
    expect(problemKey(useTeachingStore.getState().settings)).toBe(shown);
    // The width problem's run is stopped; Fonseca–Fleming's run at 0.5 trains on, a point of the step's grid.
    const coming = labRuns().filter((r) => r.problem === shown && r.key === 'linear' && !isEnded(r));
    expect(coming).toHaveLength(step.size);
    expect(labRuns().filter((r) => r.problem !== shown).map((r) => r.state)).toEqual(['stopped']);
    controller.stop();
    await controller.idle();
  });
});
