import { create } from 'zustand';
import type { BackendReport, SelfTestResult } from '../workers/protocol';
import { AUTOMATIC_WORKER, type WorkerChoice } from '../experiment/link/experiment';
import { andList } from '../experiment/plural';

/** Where the app is; `run-status` shows it. Training states will be added next to these. */
export type RunStatus = 'starting' | 'selecting-backend' | 'ready' | 'self-testing' | 'failed' | 'crashed';

export interface Notice {
  id: number;
  /**
   * What the notice is about: 'param' (the link / URL parameters), 'worker' (worker crash), 'backend',
   * 'storage' (saving runs in the browser), 'import' (an imported file), 'export', 'model' (a Pareto set model's file).
   */
  source: 'param' | 'worker' | 'backend' | 'self-test' | 'storage' | 'import' | 'export' | 'model';
  level: 'error' | 'warning' | 'info';
  message: string;
  /** One line per item (e.g. each bad field of a link), shown as a list under the message. */
  details?: string[];
  /** Runs that failed for one reason share this notice (addRunFailure). */
  failedRuns?: { reason: string; ordinals: number[] };
}

/** "Run 3 failed: …", "Runs 3, 4 and 5 failed: …". */
export function runFailureText(ordinals: readonly number[], reason: string): string {
  return `Run${ordinals.length > 1 ? 's' : ''} ${andList(ordinals)} failed: ${reason}`;
}

export type SelfTestState =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'done'; result: SelfTestResult; ms: number }
  | { state: 'error'; message: string };

export interface AppState {
  status: RunStatus;
  /** What the link asked of the worker when the page loaded (a backend, runs at once), or asks now (reload to apply). */
  requested: WorkerChoice;
  backend: BackendReport | null;
  notices: Notice[];
  selfTest: SelfTestState;
  /** The explorer's saved runs were read back (or could not be): until then, no runs does not mean a first visit. */
  savedRunsRead: boolean;
  /** The problem keys of the lab's saved records this version cannot read (null: one names none readable). */
  unreadableLabProblems: readonly (string | null)[];

  setStatus(status: RunStatus): void;
  setSavedRunsRead(): void;
  setUnreadableLabProblems(problems: readonly (string | null)[]): void;
  setRequested(requested: WorkerChoice): void;
  /** null while a new worker chooses (after a restart). */
  setBackend(report: BackendReport | null): void;
  /** Shows a notice; returns its id (to dismiss it when what it says is over). */
  addNotice(notice: Omit<Notice, 'id'>): number;
  /** A run's failure: runs that fail for the same reason (a dataset that cannot load, a queue's runs) share one notice. */
  addRunFailure(ordinal: number, reason: string): void;
  dismissNotice(id: number): void;
  setSelfTest(selfTest: SelfTestState): void;
}

let nextNoticeId = 1;

export const useAppStore = create<AppState>()((set) => ({
  status: 'starting',
  requested: AUTOMATIC_WORKER,
  backend: null,
  notices: [],
  selfTest: { state: 'idle' },
  savedRunsRead: false,
  unreadableLabProblems: [],

  setStatus: (status) => set({ status }),
  setSavedRunsRead: () => set({ savedRunsRead: true }),
  setUnreadableLabProblems: (unreadableLabProblems) => set({ unreadableLabProblems }),
  setRequested: (requested) => set((s) => (s.requested.backend === requested.backend && s.requested.atOnce === requested.atOnce ? s : { requested })),
  setBackend: (backend) => set({ backend }),
  addNotice: (notice) => {
    const id = nextNoticeId++;
    set((s) => ({ notices: [...s.notices, { ...notice, id }] }));
    return id;
  },
  addRunFailure: (ordinal, reason) =>
    set((s) => {
      const shared = s.notices.find((n) => n.failedRuns?.reason === reason);
      if (!shared?.failedRuns) {
        const notice: Notice = { id: nextNoticeId++, source: 'worker', level: 'error', message: runFailureText([ordinal], reason), failedRuns: { reason, ordinals: [ordinal] } };
        return { notices: [...s.notices, notice] };
      }
      const ordinals = [...shared.failedRuns.ordinals, ordinal];
      const merged: Notice = { ...shared, message: runFailureText(ordinals, reason), failedRuns: { reason, ordinals } };
      return { notices: s.notices.map((n) => (n === shared ? merged : n)) };
    }),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setSelfTest: (selfTest) => set({ selfTest }),
}));

/** One line describing the state, for `data-testid="run-status"`. */
export function statusText(state: Pick<AppState, 'status' | 'backend'>): string {
  const backend = state.backend?.name ?? 'the backend';
  switch (state.status) {
    case 'starting':
      return 'Starting the trainer worker…';
    case 'selecting-backend':
      return 'Choosing a TF.js backend…';
    case 'ready':
      return `Ready — computing on ${backend}`;
    case 'self-testing':
      return `Running the self-test on ${backend}…`;
    case 'failed':
      return 'Could not start: no TF.js backend initialised (see the message above)';
    case 'crashed':
      return 'The trainer worker stopped — “Start the trainer again” at the top starts a new one';
  }
}
