/**
 * Browser wiring of the run persistence: a session id held as a Web Lock for the life of the page (so another
 * tab can tell that this page's running runs are alive), the IndexedDB store (memory when IndexedDB cannot be
 * opened, with a notice saying so), the restore of saved runs into the explorer on load, and the channel on which
 * the tabs tell each other that saved runs were deleted (storageChannel.ts).
 */
import { preferenceText, type NetworkRun } from '../runs/runRecord';
import { useRunsStore } from '../runs/runsStore';
import { ownedRuns, ownRun } from '../runs/runViews';
import { useAppStore } from '../store';
import { sessionsFromLockNames } from './reconcile';
import { RunPersistence } from './runPersistence';
import { MemoryRunStore, openIdbRunStore, type RunStore } from './runStore';
import { deletionNotice, openStorageChannel, savedRunIds } from './storageChannel';
import { TeachingPersistence } from './teachingPersistence';

const LOCK_PREFIX = 'paretoscope-session:';

function holdSessionLock(session: string): void {
  // The callback's promise never settles: the lock is released when the page goes away.
  void navigator.locks?.request(`${LOCK_PREFIX}${session}`, () => new Promise<void>(() => {})).catch(() => {});
}

async function liveSessions(): Promise<Set<string>> {
  try {
    const snapshot = await navigator.locks?.query();
    return sessionsFromLockNames((snapshot?.held ?? []).map((l) => l.name), LOCK_PREFIX);
  } catch {
    return new Set();
  }
}

/** Runs `restore` holding the browser-wide restore lock (as it is, where there are no Web Locks). */
async function oneRestoreAtATime<T>(restore: () => Promise<T>): Promise<T> {
  return navigator.locks ? await navigator.locks.request('paretoscope-restore', restore) : restore();
}

function openStore(): Promise<RunStore> {
  return openIdbRunStore().catch((err: unknown) => {
    useAppStore.getState().addNotice({
      source: 'storage',
      level: 'warning',
      message:
        `Finished runs cannot be saved in this browser (IndexedDB: ${err instanceof Error ? err.message : String(err)}); ` +
        'they are kept until the page is closed. Export them as JSON to keep them.',
    });
    return new MemoryRunStore();
  });
}


/**
 * Starts persistence and restores the saved runs into the explorer and the teaching lab (in the background); the
 * lab's finished runs are saved as they finish (teachingPersistence.ts). `queueAgain` gets the explorer's runs that
 * were waiting in the queue of a page since closed or reloaded (to hand to the worker; called after this returns).
 */
export function startPersistence(queueAgain: (runs: NetworkRun[]) => void): RunPersistence {
  const session = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  holdSessionLock(session);
  const store = openStore();
  // One channel for the page, named by its session: the page never hears its own deletions.
  const channel = openStorageChannel({
    tab: session,
    onMessage: (message) => {
      const state = useRunsStore.getState();
      const notice = deletionNotice(message, { explorer: savedRunIds(ownedRuns(state, 'explorer')), teaching: savedRunIds(ownedRuns(state, 'teaching')) });
      if (notice) useAppStore.getState().addNotice(notice);
    },
  });
  new TeachingPersistence({
    store,
    notify: (notice) => useAppStore.getState().addNotice(notice),
    runs: () => ownedRuns(useRunsStore.getState(), 'teaching'),
    subscribe: (listener) => useRunsStore.subscribe(listener),
    restore: (runs) => useRunsStore.getState().restore(runs),
    timeOrigin: performance.timeOrigin,
    deleted: (ids) => channel.announce({ kind: 'teaching-runs-deleted', ids }),
  }).start();
  const persistence = new RunPersistence({
    store,
    session,
    notify: (notice) => useAppStore.getState().addNotice(notice),
    getRun: (id) => ownRun(useRunsStore.getState(), 'explorer', id),
    now: () => Date.now(),
    timeOrigin: performance.timeOrigin,
    cleared: () => channel.announce({ kind: 'runs-cleared' }),
    deleted: (ids) => channel.announce({ kind: 'runs-deleted', ids }),
  });
  void (async () => {
    // One page restores at a time: two pages opened together would both take over a closed page's queue and train it
    // twice. Inside the lock, the sessions alive are asked anew (the other page's adoption is under its session).
    const { runs, interrupted, requeued } = await oneRestoreAtATime(async () => persistence.restore(await liveSessions()));
    useRunsStore.getState().restore(runs);
    if (requeued.length > 0) {
      queueAgain(requeued);
      useAppStore.getState().addNotice({
        source: 'storage',
        level: 'info',
        message: `${requeued.length === 1 ? 'A run was' : `${requeued.length} runs were`} waiting in the queue when the page was closed or reloaded: queued again (Start queue runs ${requeued.length === 1 ? 'it' : 'them'}).`,
      });
    }
    if (interrupted.length > 0) {
      useAppStore.getState().addNotice({
        source: 'storage',
        level: 'warning',
        message: `${interrupted.length === 1 ? 'A run was' : `${interrupted.length} runs were`} still training when the page was closed or reloaded; listed as interrupted:`,
        details: interrupted.map((r) => `${preferenceText({ ...r, retargets: r.retargets })}, ${r.stepCount} of ${r.totalSteps ?? '?'} steps`),
      });
    }
  })();
  return persistence;
}
