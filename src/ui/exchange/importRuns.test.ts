/**
 * Importing an exported file into the page (exchangeActions.ts importExperiment): the file is parsed
 * (experimentFile.ts), its runs merged into the run store and saved. Issue 15, item 7: runs whose id is
 * `constructor`, `__proto__` or `toString` were dropped as "already here" — the lookup reached the object
 * prototype. The run store keys runs in a Map.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../experiment/link/experiment';
import { MemoryRunStore } from '../persistence/runStore';
import { RunPersistence } from '../persistence/runPersistence';
import { savedRunOf } from '../persistence/savedRun';
import { useRunsStore } from '../runs/runsStore';
import { emptyRuns } from '../runs/runsState';
import { ownedRuns } from '../runs/runViews';
import { useAppStore } from '../store';
import { apply, finalResult, runMessages, runOf, stateWithRuns, withRun } from '../testing/fakeRuns';
import { resolveConfig } from '../../experiment/config';
import { importExperiment } from './exchangeActions';
import { useExplorerStore } from '../explorer/explorerStore';
import { experimentFileText, parseExperimentFile } from './experimentFile';

const IDS = ['constructor', '__proto__', 'toString'];

/** A file of finished runs; with `pins` (pin → model), Pareto set learning runs, the pins pinned off their models. */
function fileWithRuns(ids: readonly string[], pins: ReadonlyMap<string, string> = new Map()): File {
  let s = stateWithRuns(ids.map((id, i) => [id, [0.2, 0.4 - i * 0.1, 0.4 + i * 0.1]]));
  if (pins.size > 0) for (const id of ids) s = withRun(s, id, (run) => ({ ...run, config: resolveConfig({ ...s.explorer.settings, method: 'psl' }, run.config.preference) }));
  for (const [i, id] of ids.entries()) s = apply(s, runMessages(id, 3, { result: finalResult([0.3 + i / 10, 0.6 - i / 10], [90, 80], 10) }));
  const runs = ids.map((id, i) => {
    const saved = savedRunOf(runOf(s, id), 'finished', 'x', 1000 * (i + 1), 1000 * (i + 1) + 500);
    const model = pins.get(id);
    return model === undefined ? saved : { ...saved, pin: { run: model, ordinal: ids.indexOf(model) + 1 } };
  });
  return new File([experimentFileText(defaultExperiment('tiny'), runs, new Date(0))], 'runs.json', { type: 'application/json' });
}

describe('importing runs', () => {
  beforeEach(() => {
    useRunsStore.setState(emptyRuns());
    useAppStore.setState({ notices: [] });
  });

  it('reads runs whose id is a name on the object prototype', async () => {
    const parsed = parseExperimentFile(await fileWithRuns(IDS).text(), 'here');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.runs.map((r) => r.id)).toEqual(IDS);
  });

  it('adds them to the explorer and saves them; importing the file again adds nothing', async () => {
    const store = new MemoryRunStore();
    const persistence = new RunPersistence({ store: Promise.resolve(store), session: 'now', notify: () => {}, getRun: () => undefined, now: () => 0 });
    expect(await importExperiment(fileWithRuns(IDS), persistence)).toBe(true);
    expect(ownedRuns(useRunsStore.getState(), 'explorer').map((r) => [r.id, r.ordinal, r.state])).toEqual([
      ['constructor', 1, 'finished'],
      ['__proto__', 2, 'finished'],
      ['toString', 3, 'finished'],
    ]);
    expect((await store.allRuns()).map((r) => r.id).sort()).toEqual([...IDS].sort());
    expect(useAppStore.getState().notices.at(-1)?.details?.[0]).toBe('3 runs added');

    expect(await importExperiment(fileWithRuns(IDS), persistence)).toBe(true);
    expect(useRunsStore.getState().byId.size).toBe(3);
    expect(useAppStore.getState().notices.at(-1)?.details?.[0]).toBe('0 runs added (3 already here)');
  });

  it('numbers the file’s runs after the runs here: a run that trains keeps its number', async () => {
    const here = stateWithRuns([['training', [0.2, 0.4, 0.4]]]);
    useRunsStore.setState(apply(here, runMessages('training', 3, null)).runs);
    expect(useRunsStore.getState().byId.get('training')).toMatchObject({ ordinal: 1, stepCount: 3, endedAt: null });
    const store = new MemoryRunStore();
    const persistence = new RunPersistence({ store: Promise.resolve(store), session: 'now', notify: () => {}, getRun: () => undefined, now: () => 0 });
    expect(await importExperiment(fileWithRuns(['b', 'a']), persistence)).toBe(true);
    expect(ownedRuns(useRunsStore.getState(), 'explorer').map((r) => [r.id, r.ordinal])).toEqual([
      ['training', 1],
      ['b', 2],
      ['a', 3],
    ]);
    expect((await store.allRuns()).map((r) => [r.id, r.ordinal]).sort()).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });

  it('says that the preference list here was replaced by the file\'s, and that the runs it queued stay queued', async () => {
    const here = stateWithRuns([['queued', [0.2, 0.4, 0.4]]]);
    useRunsStore.setState(here.runs);
    useExplorerStore.setState({ plan: [[0.2, 0.4, 0.4], [0.1, 0.6, 0.3]] });
    const persistence = new RunPersistence({ store: Promise.resolve(new MemoryRunStore()), session: 'now', notify: () => {}, getRun: () => undefined, now: () => 0 });
    expect(await importExperiment(fileWithRuns(['a']), persistence)).toBe(true);
    expect(useAppStore.getState().notices.at(-1)?.details).toContain("the preference list here (2 preferences) was replaced by an empty list; the run already queued stays in the queue");
    // An empty list, or the same list: nothing to say.
    useExplorerStore.setState({ plan: [] });
    expect(await importExperiment(fileWithRuns(['b']), persistence)).toBe(true);
    expect(useAppStore.getState().notices.at(-1)?.details?.some((d) => d.includes('preference list'))).toBe(false);
  });

  it("renumbers a pinned point's model with it: the pin names the model's new number", async () => {
    useRunsStore.setState(stateWithRuns([['here', [0.2, 0.4, 0.4]]]).runs);
    const persistence = new RunPersistence({ store: Promise.resolve(new MemoryRunStore()), session: 'now', notify: () => {}, getRun: () => undefined, now: () => 0 });
    // In the file: the model is run 1, the pin run 2, pinned off run 1.
    expect(await importExperiment(fileWithRuns(['m', 'p'], new Map([['p', 'm']])), persistence)).toBe(true);
    expect(ownedRuns(useRunsStore.getState(), 'explorer').map((r) => [r.id, r.ordinal, r.pin])).toEqual([
      ['here', 1, null],
      ['m', 2, null],
      ['p', 3, { run: 'm', ordinal: 2 }],
    ]);
  });
});
