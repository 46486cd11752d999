/**
 * The lab's questions to a Pareto set model (teachingCommands.ts askModel / askModelGrid) against a stand-in worker
 * whose answers arrive when the test says: one question at a time, the newest preference asked next, no answer of a
 * run that ended in between, and only the newest grid question's answers kept.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ParetoSetQuery, TrainerWorkerApi } from '../../workers/protocol';
import type { TrainerClient } from '../trainerClient';
import { newTeachingRun, type TeachingRun } from '../runs/runRecord';
import { useRunsStore } from '../runs/runsStore';
import { emptyRuns } from '../runs/runsState';
import { simplexGrid } from '../compare/sweepGrid';
import { teachingCommands } from './teachingCommands';
import { initialTeachingState } from './teachingState';
import { useTeachingStore } from './teachingStore';
import { DEFAULT_TEACHING, problemKey, teachingRunConfig } from './teachingSettings';

interface Pending {
  query: ParetoSetQuery;
  answer(value: number[][] | null): void;
}

function standIn() {
  const pending: Pending[] = [];
  const api = {
    paretoSetAnswers: (query: ParetoSetQuery) => new Promise<number[][] | null>((resolve) => pending.push({ query, answer: resolve })),
  } as unknown as TrainerWorkerApi;
  const client = { command: (_what: string, f: (a: never) => Promise<unknown>) => f(api as never) } as unknown as TrainerClient;
  return { pending, commands: teachingCommands(client) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function modelRecord(state: TeachingRun['state']): TeachingRun {
  const run = newTeachingRun('m', 1, { config: teachingRunConfig(DEFAULT_TEACHING, 'psl', [0.5, 0.5]), problem: problemKey(DEFAULT_TEACHING), key: 'psl' });
  return state === 'finished' ? { ...run, state, result: [0.5, 0.5], paretoSet: { preferences: [[1, 0]], objectives: [[0, 1]], model: [0] } } : { ...run, state };
}

beforeEach(() => {
  useRunsStore.setState(emptyRuns());
  useTeachingStore.setState(initialTeachingState());
});

describe('asking the model', () => {
  it('asks one question at a time, and the newest preference next', async () => {
    useRunsStore.getState().add([modelRecord('running')]);
    const { pending, commands } = standIn();
    const teaching = useTeachingStore.getState();
    teaching.setPreference([0.6, 0.4]);
    commands.askModel();
    teaching.setPreference([0.7, 0.3]);
    commands.askModel();
    teaching.setPreference([0.8, 0.2]);
    commands.askModel();
    expect(pending).toHaveLength(1);
    pending[0].answer([[0.1, 0.9]]);
    await flush();
    expect(useTeachingStore.getState().probe).toEqual({ run: 'm', preference: [0.6, 0.4], objectives: [0.1, 0.9] });
    // One more question, with the newest preference; the one in between was never asked.
    expect(pending).toHaveLength(2);
    expect(pending[1].query.preferences).toEqual([[0.8, 0.2]]);
    pending[1].answer([[0.2, 0.8]]);
    await flush();
    expect(useTeachingStore.getState().probe?.preference).toEqual([0.8, 0.2]);
    expect(pending).toHaveLength(2);
  });

  it('takes no answer when the run ended in between (null), nor an implausible one', async () => {
    useRunsStore.getState().add([modelRecord('running')]);
    const { pending, commands } = standIn();
    commands.askModel();
    pending[0].answer(null);
    await flush();
    expect(useTeachingStore.getState().probe).toBeNull();
    commands.askModel();
    pending[1].answer([[Number.NaN, 1]]);
    await flush();
    commands.askModel();
    pending[2].answer([[1e30, 1]]);
    await flush();
    expect(useTeachingStore.getState().probe).toBeNull();
  });

  it("keeps only the newest grid question's answers", async () => {
    useRunsStore.getState().add([modelRecord('finished')]);
    const { pending, commands } = standIn();
    commands.askModelGrid(simplexGrid(2, 3));
    commands.askModelGrid(simplexGrid(2, 5));
    expect(pending.map((p) => p.query.preferences.length)).toEqual([3, 5]);
    pending[1].answer(pending[1].query.preferences.map(() => [0.5, 0.5]));
    pending[0].answer(pending[0].query.preferences.map(() => [0.4, 0.4]));
    await flush();
    expect(useTeachingStore.getState().gridAnswers?.preferences).toHaveLength(5);
  });
});
