/**
 * Test helper: one page's run persistence — an explorer state fed with worker messages (fakeRuns.ts) and the
 * RunPersistence that saves it, with the notices it gave. Only imported by tests.
 */
import type { Notice } from '../store';
import type { NetworkRun } from '../runs/runRecord';
import { ownedRuns } from '../runs/runViews';
import { RunPersistence, type PersistenceDeps } from '../persistence/runPersistence';
import type { RunStore } from '../persistence/runStore';
import { apply, type ExplorerFixture } from './fakeRuns';

export function persistencePage(session: string, store: Promise<RunStore>, initial: ExplorerFixture, deps: Pick<PersistenceDeps, 'cleared' | 'deleted'> = {}) {
  let state = initial;
  const notices: Omit<Notice, 'id'>[] = [];
  let clock = 1000;
  const persistence = new RunPersistence({
    store,
    session,
    notify: (n) => notices.push(n),
    getRun: (id) => ownedRuns(state.runs, 'explorer').find((r) => r.id === id),
    now: () => clock++,
    ...deps,
  });
  return {
    persistence,
    notices,
    /** The explorer's runs now. */
    runs: (): readonly NetworkRun[] => ownedRuns(state.runs, 'explorer'),
    receive(messages: Parameters<RunPersistence['handle']>[0]) {
      state = apply(state, [...messages]);
      persistence.handle(messages);
    },
  };
}
