/**
 * Browser wiring of the run persistence: a session id held as a Web Lock for the life of the page (so another
 * tab can tell that this page's running runs are alive; without Web Locks, the open tabs answer a roll call on the
 * storage channel instead), the IndexedDB store (memory when IndexedDB cannot be
 * opened, with a notice saying so), the restore of saved runs into the explorer on load, the explorer's highest run
 * number across reloads (issuedOrdinal.ts), and the channel on which the tabs tell each other that saved runs were
 * deleted (storageChannel.ts).
 */
import { preferenceText, type NetworkRun } from '../runs/runRecord';
import { useRunsStore } from '../runs/runsStore';
import { ownedRuns, ownRun } from '../runs/runViews';
import { useAppStore } from '../store';
import { sessionsFromLockNames } from './reconcile';
import { RunPersistence } from './runPersistence';
import { MemoryRunStore, openIdbRunStore, type RunStore } from './runStore';
import { deletionNotice, openStorageChannel, savedRunIds, type StorageChannel } from './storageChannel';
import { TeachingPersistence } from './teachingPersistence';
import { keepLabQueue, LAB_QUEUE_KEY, readLabQueue } from './labQueue';
import { ISSUED_ORDINAL_KEY, keepIssuedOrdinal, readIssuedOrdinal } from './issuedOrdinal';
import { nextOrdinal } from '../runs/runsState';
import type { TeachingConfig } from '../../engine/teaching/config';
import { sameData } from '../explorer/preferencePlan';

const LOCK_PREFIX = 'paretoscope-session:';

function holdSessionLock(session: string): void {
  // The callback's promise never settles: the lock is released when the page goes away.
  void navigator.locks?.request(`${LOCK_PREFIX}${session}`, () => new Promise<void>(() => {})).catch(() => {});
}

/** The sessions of the pages open now, this one's included. */
async function liveSessions(session: string, channel: StorageChannel): Promise<Set<string>> {
  // No Web Locks (a page served over http from another host than localhost): the open tabs answer a roll call.
  if (!navigator.locks) return new Set([session, ...(await channel.rollCall())]);
  try {
    const snapshot = await navigator.locks?.query();
    return sessionsFromLockNames((snapshot?.held ?? []).map((l) => l.name), LOCK_PREFIX);
  } catch {
    return new Set();
  }
}

/**
 * How long a page watches for the lock of the page whose lab queue it found to go (ms): a reloaded page's former self
 * lets go of it as it unloads, within moments; a page still open (this tab is its copy) holds it for good. A former
 * self slower than this to unload is taken for an open page (its queue is then not trained again here).
 */
const FORMER_PAGE_GONE_MS = 3000;
const FORMER_PAGE_POLL_MS = 100;

/**
 * Whether the page of `session` is still open. It holds its lock while it is, even frozen in a background tab (a roll
 * call would miss it); without Web Locks, the open pages answer a roll call. The lock is only looked at, never taken:
 * held here even for a moment, it would make that page count as open to a restore (liveSessions) meanwhile.
 */
async function pageOpen(session: string, channel: StorageChannel): Promise<boolean> {
  if (!navigator.locks) return (await channel.rollCall()).has(session);
  try {
    for (const until = Date.now() + FORMER_PAGE_GONE_MS; ; ) {
      const snapshot = await navigator.locks.query();
      if (!sessionsFromLockNames((snapshot.held ?? []).map((l) => l.name), LOCK_PREFIX).has(session)) return false;
      if (Date.now() >= until) return true;
      await new Promise((resolve) => setTimeout(resolve, FORMER_PAGE_POLL_MS));
    }
  } catch {
    return (await channel.rollCall()).has(session);
  }
}

/** Runs `restore` holding the browser-wide restore lock (as it is, where there are no Web Locks). */
async function oneRestoreAtATime<T>(restore: () => Promise<T>): Promise<T> {
  return navigator.locks ? await navigator.locks.request('paretoscope-restore', restore) : restore();
}

function openStore(): Promise<RunStore> {
  const { addNotice: notice, dismissNotice } = useAppStore.getState();
  let blockedNotice: number | null = null;
  const events = {
    blocked: () =>
      (blockedNotice = notice({
        source: 'storage',
        level: 'warning',
        message: 'Saved runs are held by a Paretoscope tab of an older version: close or reload that tab, and this one restores its saved runs and saves new ones (nothing is lost meanwhile).',
      })),
    closedForNewer: () =>
      notice({
        source: 'storage',
        level: 'warning',
        message: 'A newer version of Paretoscope opened in another tab: reload this tab to go on saving runs (until then, export the runs you want to keep).',
      }),
  };
  const opened = openIdbRunStore(events);
  // Opened at last (the old tab went): what the notice asked for is done.
  void opened.then(
    () => blockedNotice !== null && dismissNotice(blockedNotice),
    () => {},
  );
  return opened.catch((err: unknown) => {
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


/** Whether a finished run's record is in IndexedDB, and a subscription to the writes that put one there. */
interface LabStored {
  isStored(id: string): boolean;
  subscribe(listener: () => void): () => void;
}

/**
 * The lab's runs a reload cut short (labQueue.ts): queued again once the lab's saved runs are back — but for those
 * whose record came back finished (its write completed after the queue was last kept) — and kept from then on under
 * this page's `session`, unless the page that kept them is open (this tab is its duplicate: they train there).
 */
function resumeLabQueue(session: string, open: (session: string) => Promise<boolean>, queueAgain: (configs: TeachingConfig[]) => void, stored: LabStored): () => Promise<void> {
  let storage: Storage | null = null;
  try {
    storage = window.sessionStorage;
  } catch {
    // No session storage (a sandboxed frame): the lab's queue is not kept across a reload.
  }
  const read = readLabQueue(storage?.getItem(LAB_QUEUE_KEY) ?? null);
  return async () => {
    const finished = ownedRuns(useRunsStore.getState(), 'teaching').filter((r) => r.state === 'finished' && !r.pin);
    const kept = read.ok ? { ...read, configs: read.configs.filter((c) => !finished.some((r) => sameData(r.config, c))) } : read;
    const notice = useAppStore.getState().addNotice;
    const elsewhere = kept.ok && kept.configs.length > 0 && kept.session !== null && (await open(kept.session));
    if (!kept.ok) notice({ source: 'storage', level: 'warning', message: `The teaching lab's runs that waited before the reload could not be read back (${kept.problem}); queue them again with Sweep.` });
    else if (elsewhere) {
      const n = kept.configs.length;
      notice({
        source: 'storage',
        level: 'info',
        message: `This tab is a copy of another Paretoscope tab, whose teaching lab ${n === 1 ? 'has a run' : `has ${n} runs`} waiting or training: ${n === 1 ? 'it trains' : 'they train'} there, not here as well.`,
      });
    } else if (kept.configs.length > 0) {
      queueAgain(kept.configs);
      const n = kept.configs.length;
      notice({ source: 'storage', level: 'info', message: `${n === 1 ? "A teaching lab run was" : `${n} teaching lab runs were`} waiting or training when the page was reloaded: queued again (Sweep goes on with ${n === 1 ? 'it' : 'them'}).` });
    }
    const subscribe = (listener: () => void) => {
      const stopRuns = useRunsStore.subscribe(listener);
      const stopStored = stored.subscribe(listener);
      return () => {
        stopRuns();
        stopStored();
      };
    };
    if (storage) keepLabQueue(storage, session, () => ownedRuns(useRunsStore.getState(), 'teaching'), subscribe, (id) => stored.isStored(id));
  };
}

/**
 * The explorer's run numbers given in this browser before this page (issuedOrdinal.ts): read into the run store, and
 * kept in step from now on. Without local storage (a sandboxed frame) the numbers are those of the saved runs alone.
 */
function keepExplorerNumbers(): void {
  let storage: Storage;
  let before: string | null;
  try {
    storage = window.localStorage;
    before = storage.getItem(ISSUED_ORDINAL_KEY);
  } catch {
    return;
  }
  useRunsStore.getState().keepEarlierOrdinal('explorer', readIssuedOrdinal(before));
  keepIssuedOrdinal(storage, () => nextOrdinal(useRunsStore.getState(), 'explorer') - 1, (listener) => useRunsStore.subscribe(listener));
}

/**
 * Starts persistence and restores the saved runs into the explorer and the teaching lab (in the background); the
 * lab's finished runs are saved as they finish (teachingPersistence.ts). `queueAgain` gets the explorer's runs that
 * were waiting in the queue of a page since closed or reloaded, `queueLabAgain` the configs of the lab's runs a reload
 * of this tab cut short (to hand to the worker; both called after this returns).
 */
export function startPersistence(
  queueAgain: (runs: NetworkRun[]) => void,
  queueLabAgain: (configs: TeachingConfig[]) => void,
): { persistence: RunPersistence; lab: TeachingPersistence } {
  const session = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  holdSessionLock(session);
  keepExplorerNumbers();
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
  const storedListeners = new Set<() => void>();
  // The lab's persistence is made below: the queue asks it once it runs.
  let lab: TeachingPersistence | null = null;
  const stored: LabStored = {
    isStored: (id) => lab?.isStored(id) ?? false,
    subscribe: (listener) => {
      storedListeners.add(listener);
      return () => storedListeners.delete(listener);
    },
  };
  const labQueue = resumeLabQueue(session, (other) => pageOpen(other, channel), queueLabAgain, stored);
  lab = new TeachingPersistence({
    store,
    notify: (notice) => useAppStore.getState().addNotice(notice),
    dismiss: (id) => useAppStore.getState().dismissNotice(id),
    runs: () => ownedRuns(useRunsStore.getState(), 'teaching'),
    subscribe: (listener) => useRunsStore.subscribe(listener),
    restore: (runs) => useRunsStore.getState().restore(runs),
    timeOrigin: performance.timeOrigin,
    deleted: (ids) => channel.announce({ kind: 'teaching-runs-deleted', ids }),
    restored: () => void labQueue(),
    stored: () => storedListeners.forEach((listener) => listener()),
    unreadable: (problems) => useAppStore.getState().setUnreadableLabProblems(problems),
    storedOrdinal: (ordinal) => useRunsStore.getState().keepStoredOrdinal('teaching', ordinal),
  });
  lab.start();
  const persistence = new RunPersistence({
    store,
    session,
    notify: (notice) => useAppStore.getState().addNotice(notice),
    dismiss: (id) => useAppStore.getState().dismissNotice(id),
    storedOrdinal: (ordinal) => useRunsStore.getState().keepStoredOrdinal('explorer', ordinal),
    getRun: (id) => ownRun(useRunsStore.getState(), 'explorer', id),
    now: () => Date.now(),
    timeOrigin: performance.timeOrigin,
    cleared: () => channel.announce({ kind: 'runs-cleared' }),
    deleted: (ids) => channel.announce({ kind: 'runs-deleted', ids }),
  });
  void (async () => {
    // One page restores at a time: two pages opened together would both take over a closed page's queue and train it
    // twice. Inside the lock, the sessions alive are asked anew (the other page's adoption is under its session).
    const { runs, interrupted, requeued } = await oneRestoreAtATime(async () => persistence.restore(await liveSessions(session, channel)));
    useRunsStore.getState().restore(runs);
    useAppStore.getState().setSavedRunsRead();
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
  return { persistence, lab };
}
