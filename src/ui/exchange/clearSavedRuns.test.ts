import { describe, expect, it } from 'vitest';
import { RunPersistence } from '../persistence/runPersistence';
import { MemoryRunStore } from '../persistence/runStore';
import { MAIN_WORKER } from '../runs/runRecord';
import { useRunsStore } from '../runs/runsStore';
import { ownedRuns, ownRun } from '../runs/runViews';
import { apply, finalResult, runMessages, stateWithRuns } from '../testing/fakeRuns';
import { clearedText, clearSavedRuns } from './exchangeActions';

describe('Clear saved runs', () => {
  it('a run that finishes while the clear is under way stays on the page and saved; the runs ended before it go', async () => {
    let s = stateWithRuns([['old', [0.2, 0.4, 0.4]], ['a', [0, 0.5, 0.5]]]);
    s = apply(s, runMessages('old', 3, { result: finalResult([0.3, 0.6], [90, 80], 10) }));
    s = apply(s, runMessages('a', 3, null));
    useRunsStore.setState(s.runs);
    const store = new MemoryRunStore();
    const persistence = new RunPersistence({ store: Promise.resolve(store), session: 's', notify: () => expect.fail(), getRun: (id) => ownRun(useRunsStore.getState(), 'explorer', id), now: () => Date.now() });
    const finish = runMessages('a', 3, { result: finalResult([0.5, 0.3], [85, 88], 40) }).slice(-1);
    const clearing = clearSavedRuns(persistence);
    // The worker's run-finished arrives while the clear's transaction is under way: its record is written after it.
    useRunsStore.getState().applyMessages(MAIN_WORKER, finish);
    persistence.handle(finish);
    await clearing;
    await persistence.idle();
    expect(ownedRuns(useRunsStore.getState(), 'explorer').map((r) => [r.id, r.state])).toEqual([['a', 'finished']]);
    expect((await store.allRuns()).map((r) => [r.id, r.status])).toEqual([['a', 'finished']]);
  });

  it('says how many runs it deleted, and when there was nothing to delete', () => {
    expect(clearedText(0)).toBe('No explorer run was saved in this browser: there was nothing to delete.');
    expect(clearedText(1)).toBe('1 saved run was deleted from this browser.');
    expect(clearedText(3)).toBe('3 saved runs were deleted from this browser.');
    expect(clearedText(0, 2)).toBe('No explorer run was saved in this browser; the 2 runs that had ended left the page.');
  });
});
