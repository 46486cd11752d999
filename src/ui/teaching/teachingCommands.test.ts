/**
 * The lab's commands that queue and forget runs (teachingCommands.ts sweep, setUpTourStep, clear) against a stand-in
 * worker that takes every request: a second press of Sweep while it runs queues nothing more; a tour step set up on
 * its own also runs the methods it compares with; Clear results forgets the problem shown's runs only.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { TrainerClient } from '../trainerClient';
import type { RunRequest, TrainerWorkerApi } from '../../workers/protocol';
import { useRunsStore } from '../runs/runsStore';
import { emptyRuns } from '../runs/runsState';
import { ownedRuns } from '../runs/runViews';
import { DEFAULT_SWEEP, useSweepStore } from '../compare/sweepStore';
import { teachingCommands } from './teachingCommands';
import { initialTeachingState } from './teachingState';
import { useTeachingStore } from './teachingStore';
import { problemKey } from './teachingSettings';
import { TOUR_STEPS } from './tourSteps';

function standIn() {
  const cleared: string[] = [];
  const enqueued: RunRequest[] = [];
  const starts: number[] = [];
  const api = {
    enqueue: async (requests: RunRequest[]) => void enqueued.push(...requests),
    startQueue: async () => void starts.push(enqueued.length),
    stop: async () => {},
  } as unknown as TrainerWorkerApi;
  const client = { command: (_what: string, f: (a: never) => Promise<unknown>) => f(api as never) } as unknown as TrainerClient;
  return { enqueued, starts, cleared, commands: teachingCommands(client, { clearUnreadable: (problem) => void cleared.push(problem) }) };
}

const labRuns = () => ownedRuns(useRunsStore.getState(), 'teaching');
const countByMethod = () => labRuns().reduce<Record<string, number>>((n, r) => ({ ...n, [r.key]: (n[r.key] ?? 0) + 1 }), {});

/** Every queued run of the lab finishes (at a made-up point). */
function finishAll(): void {
  const runs = useRunsStore.getState();
  const byId = new Map(runs.byId);
  for (const r of labRuns()) byId.set(r.id, { ...r, state: 'finished', result: [0.5, 0.5] });
  useRunsStore.setState({ byId });
}

beforeEach(() => {
  useRunsStore.setState(emptyRuns());
  useTeachingStore.setState(initialTeachingState());
  useSweepStore.setState({ ...DEFAULT_SWEEP, methods: ['linear', 'chebyshev-al'], size: 5 });
});

describe('the lab’s sweep commands', () => {
  it('a second press of Sweep while the sweep is queued queues nothing more (a double click)', () => {
    const { enqueued, commands } = standIn();
    commands.sweep();
    commands.sweep();
    expect(countByMethod()).toEqual({ linear: 5, 'chebyshev-al': 5 });
    expect(enqueued).toHaveLength(10);
    // Once it finished, Sweep has nothing to run: every run is seeded, each would give the same point again.
    finishAll();
    const finished = labRuns().map((r) => r.id);
    commands.sweep(['linear']);
    expect(labRuns().map((r) => r.id)).toEqual(finished);
    expect(enqueued).toHaveLength(10);
    // Another number of preferences is another grid: its runs take the place of linear's ended ones.
    useSweepStore.setState({ size: 4 });
    commands.sweep(['linear']);
    expect(countByMethod()).toEqual({ linear: 4, 'chebyshev-al': 5 });
    expect(labRuns().filter((r) => r.key === 'linear').every((r) => r.state === 'queued')).toBe(true);
    expect(enqueued).toHaveLength(14);
  });

  it('a second press of "Run picked methods at k" while its runs wait queues nothing more; a second Pin pins nothing more', () => {
    const { enqueued, commands } = standIn();
    commands.runPreference();
    commands.runPreference();
    expect(countByMethod()).toEqual({ linear: 1, 'chebyshev-al': 1 });
    expect(enqueued).toHaveLength(2);
    // A finished Pareto set model, read at k: one pin for two presses.
    useSweepStore.setState({ methods: ['psl'] });
    commands.runPreference();
    finishAll();
    const model = labRuns().find((r) => r.key === 'psl')!;
    useTeachingStore.setState({ probe: { run: model.id, preference: [0.3, 0.7], objectives: [0.2, 0.8] } });
    commands.pinProbe();
    commands.pinProbe();
    expect(labRuns().filter((r) => r.pin).map((r) => r.config.preference)).toEqual([[0.3, 0.7]]);
  });

  it('Sweep with its runs all queued (a queue stopped from the explorer) starts the queue again, queueing nothing', async () => {
    const { enqueued, starts, commands } = standIn();
    commands.sweep();
    commands.sweep();
    await Promise.resolve();
    expect(enqueued).toHaveLength(10);
    expect(starts).toEqual([10, 10]);
  });

  it('Sweep with part of the sweep waiting (a stopped queue, a reload) goes on: the runs finished with these settings stay', async () => {
    const { enqueued, starts, commands } = standIn();
    commands.sweep();
    // Three of linear's runs finished; the other seven wait; then the waiting linear ones are lost (as if stopped).
    const byId = new Map(useRunsStore.getState().byId);
    const linear = labRuns().filter((r) => r.key === 'linear');
    linear.slice(0, 3).forEach((r) => byId.set(r.id, { ...r, state: 'finished', result: [0.5, 0.5] }));
    linear.slice(3).forEach((r) => byId.delete(r.id));
    useRunsStore.setState({ byId });
    const finished = linear.slice(0, 3).map((r) => r.id);
    commands.sweep();
    await Promise.resolve();
    // The 3 finished stay, the 2 lost linear runs are queued again, the 5 Chebyshev-AL runs still wait; the queue goes on.
    expect(labRuns().filter((r) => r.state === 'finished').map((r) => r.id)).toEqual(finished);
    expect(countByMethod()).toEqual({ linear: 5, 'chebyshev-al': 5 });
    expect(enqueued).toHaveLength(12);
    expect(starts.at(-1)).toBe(12);
    // With nothing waiting, the runs that finished stay too: only a failed or stopped run is run again.
    finishAll();
    const byIdAfter = new Map(useRunsStore.getState().byId);
    const failed = labRuns().find((r) => r.key === 'chebyshev-al')!;
    byIdAfter.set(failed.id, { ...failed, state: 'failed', result: null });
    useRunsStore.setState({ byId: byIdAfter });
    commands.sweep();
    expect(labRuns().filter((r) => r.state === 'finished')).toHaveLength(9);
    expect(labRuns().filter((r) => r.state === 'queued').map((r) => [r.key, r.config.preference])).toEqual([['chebyshev-al', failed.config.preference]]);
    expect(labRuns().some((r) => r.id === failed.id)).toBe(false);
    expect(enqueued).toHaveLength(13);
  });

  it('queues again the runs a reload cut short, from their configs, after the lab\'s runs, without starting the queue', async () => {
    const { enqueued, starts, commands } = standIn();
    commands.sweep(['linear']);
    const configs = labRuns().map((r) => r.config);
    useRunsStore.setState(emptyRuns());
    commands.queueAgain(configs.slice(0, 2));
    await Promise.resolve();
    expect(labRuns().map((r) => [r.ordinal, r.state, r.key, r.problem, r.config])).toEqual(configs.slice(0, 2).map((c, i) => [i + 1, 'queued', 'linear', problemKey(useTeachingStore.getState().settings), c]));
    expect(enqueued.slice(-2).map((r) => r.config)).toEqual(configs.slice(0, 2));
    expect(starts).toHaveLength(1); // the sweep's own start, none for the runs queued again
  });

  it('a run at the editor\'s k does not keep Sweep from queueing the rest of the grid', () => {
    const { enqueued, commands } = standIn();
    commands.runPreference(); // linear and Chebyshev-AL at k = (0.5, 0.5), a point of the grid of 5
    commands.sweep();
    expect(countByMethod()).toEqual({ linear: 5, 'chebyshev-al': 5 });
    expect(enqueued).toHaveLength(10);
  });

  it('a tour step set up on its own also runs the methods it compares with; set up after the step before, only its own', () => {
    const step = TOUR_STEPS.findIndex((s) => s.setup.run.length === 1 && s.setup.methods.length === 2 && s.setup.run[0] === 'chebyshev-al');
    expect(step).toBeGreaterThan(0);
    const alone = standIn();
    alone.commands.setUpTourStep(step);
    expect(countByMethod()).toEqual({ linear: TOUR_STEPS[step].setup.size, 'chebyshev-al': TOUR_STEPS[step].setup.size });

    useRunsStore.setState(emptyRuns());
    const inOrder = standIn();
    inOrder.commands.setUpTourStep(step - 1);
    finishAll();
    inOrder.commands.setUpTourStep(step);
    expect(countByMethod()).toEqual({ linear: TOUR_STEPS[step].setup.size, 'chebyshev-al': TOUR_STEPS[step].setup.size });
    // The step before ran linear: this one queues Chebyshev-AL only.
    expect(inOrder.enqueued).toHaveLength(2 * TOUR_STEPS[step].setup.size);
  });

  it('Clear results forgets the ended runs of the problem shown (its saved records this version cannot read too); another problem’s stay', () => {
    const { commands, cleared } = standIn();
    commands.sweep();
    finishAll();
    const first = problemKey(useTeachingStore.getState().settings);
    useTeachingStore.getState().setSettings({ problem: 'width-transition' });
    commands.sweep(['linear']);
    finishAll();
    commands.clear();
    expect(labRuns().every((r) => r.problem === first)).toBe(true);
    expect(labRuns()).toHaveLength(10);
    expect(cleared).toEqual([problemKey(useTeachingStore.getState().settings)]);
  });
});
