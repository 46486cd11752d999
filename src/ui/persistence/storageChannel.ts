/**
 * Tells the other tabs of the app (same origin, so the same IndexedDB) when this tab deleted saved runs, so that a tab
 * still listing them can say they are no longer saved. The messages travel on a BroadcastChannel and are checked with
 * zod where they arrive (a malformed one is ignored). Each names the tab that sent it and a tab ignores its own: a
 * BroadcastChannel does not hear itself, but a second object of the same name in the same tab would. A tab that hears
 * of a deletion says so only when it lists some of the deleted runs (deletionNotice). No DOM: the channel is passed
 * in (tested in Node with its own BroadcastChannel).
 */
import { z } from 'zod';
import type { Notice } from '../store';

export const STORAGE_CHANNEL = 'paretoscope-storage';

const tab = z.string().min(1).max(200);

const storageMessageSchema = z.discriminatedUnion('kind', [
  // Every saved network run, with its kernels and model, was deleted (the explorer's Reset, or Clear saved runs).
  z.object({ kind: z.literal('runs-cleared'), tab }),
  // These network runs were deleted, each with its kernels and model (Delete in the explorer's run list).
  z.object({ kind: z.literal('runs-deleted'), tab, ids: z.array(z.string().max(200)).min(1).max(100_000) }),
  // These teaching-lab runs were deleted (Clear results, or a sweep that replaced them).
  z.object({ kind: z.literal('teaching-runs-deleted'), tab, ids: z.array(z.string().max(200)).min(1).max(100_000) }),
  // Which tabs are open? (Where there are no Web Locks to tell: rollCall.) Every tab answers 'present' to the asker.
  z.object({ kind: z.literal('roll-call'), tab }),
  z.object({ kind: z.literal('present'), tab, to: tab }),
]);

type ChannelMessage = z.infer<typeof storageMessageSchema>;
/** What a tab hears of another's deletions (a roll call is answered by the channel itself). */
export type StorageMessage = Exclude<ChannelMessage, { kind: 'roll-call' | 'present' }>;

/** How long a roll call waits for the other tabs' answers (ms): they answer at once, from their event loop. */
export const ROLL_CALL_MS = 300;

/** What a tab announces: a message without the sender, which the channel adds. */
export type StorageAnnouncement = StorageMessage extends infer M ? (M extends StorageMessage ? Omit<M, 'tab'> : never) : never;

/** The part of a BroadcastChannel used here. */
export interface ChannelPort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

export interface StorageChannelDeps {
  /** This tab's id (its session id): messages carrying it are its own. */
  tab: string;
  /** Called with each well-formed message of another tab. */
  onMessage(message: StorageMessage): void;
  /** Opens the channel of that name; null where there is none (then nothing is sent or heard). Default: BroadcastChannel. */
  open?(name: string): ChannelPort | null;
}

export interface StorageChannel {
  /** Tells the other tabs; never throws (a tab that cannot tell them still deleted its runs). */
  announce(event: StorageAnnouncement): void;
  /**
   * The other tabs open now: those that answer within `waitMs` (a tab busy for longer is missed). Where there is no
   * channel, none. For browsers without Web Locks (an http page other than localhost), which tell it better.
   */
  rollCall(waitMs?: number): Promise<Set<string>>;
  /** Stops sending and hearing. */
  close(): void;
}

function openBroadcastChannel(name: string): ChannelPort | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(name);
}

export function openStorageChannel(deps: StorageChannelDeps): StorageChannel {
  const port = (deps.open ?? openBroadcastChannel)(STORAGE_CHANNEL);
  let closed = false;
  /** The tabs that answered this tab's roll calls under way. */
  const answering = new Set<Set<string>>();
  const post = (message: ChannelMessage) => {
    try {
      port?.postMessage(message);
    } catch {
      // Only the other tabs' notice (or answer) is lost: they still show their runs, and learn of a deletion on reload.
    }
  };
  port?.addEventListener('message', (event) => {
    if (closed) return;
    const parsed = storageMessageSchema.safeParse(event.data);
    if (!parsed.success || parsed.data.tab === deps.tab) return;
    const message = parsed.data;
    if (message.kind === 'roll-call') post({ kind: 'present', tab: deps.tab, to: message.tab });
    else if (message.kind === 'present') {
      if (message.to === deps.tab) for (const tabs of answering) tabs.add(message.tab);
    } else deps.onMessage(message);
  });
  return {
    async rollCall(waitMs = ROLL_CALL_MS) {
      const tabs = new Set<string>();
      if (closed || !port) return tabs;
      answering.add(tabs);
      post({ kind: 'roll-call', tab: deps.tab });
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      answering.delete(tabs);
      return tabs;
    },
    announce(event) {
      if (closed || !port) return;
      post({ ...event, tab: deps.tab });
    },
    close() {
      if (closed) return;
      closed = true;
      port?.close();
    },
  };
}

/** The ids of the runs among these that have a record in the store (finished, failed, interrupted; not stopped ones). */
export const savedRunIds = (runs: readonly { id: string; state: string }[]): string[] =>
  runs.filter((r) => r.state === 'finished' || r.state === 'failed' || r.state === 'interrupted').map((r) => r.id);

/** The ids of the runs this tab lists that were saved (finished, failed, interrupted: what the store keeps). */
export interface ListedRuns {
  explorer: readonly string[];
  teaching: readonly string[];
}

/** What this tab tells its user of another tab's deletion; null where none of the runs it lists were deleted. */
export function deletionNotice(message: StorageMessage, listed: ListedRuns): Omit<Notice, 'id'> | null {
  const runs = (n: number) => (n === 1 ? 'the run' : `the ${n} runs`);
  const stay = (n: number) => (n === 1 ? 'It stays here until this page is closed; export it' : 'They stay here until this page is closed; export them');
  /** "<what>: the N runs <whose>this tab lists are no longer saved<also>. They stay …": none where n is 0. */
  const lost = (n: number, what: string, whose: string, also: string, after = ''): Omit<Notice, 'id'> | null =>
    n === 0
      ? null
      : {
          source: 'storage',
          level: 'warning',
          message: `${what}: ${runs(n)} ${whose}this tab lists ${n === 1 ? 'is' : 'are'} no longer saved${also}. ${stay(n)} as JSON to keep ${n === 1 ? 'it' : 'them'}.${after}`,
        };
  const among = (ids: readonly string[], listed: readonly string[]) => {
    const deleted = new Set(ids);
    return listed.filter((id) => deleted.has(id)).length;
  };
  switch (message.kind) {
    case 'runs-cleared':
      return lost(listed.explorer.length, 'Another tab of Paretoscope deleted the runs saved in this browser (Reset or Clear saved runs)', '', ', weights included', ' Runs that finish here from now on are saved as usual.');
    case 'runs-deleted':
      return lost(among(message.ids, listed.explorer), 'Another tab of Paretoscope deleted runs from this browser', 'of the explorer ', ', weights included');
    case 'teaching-runs-deleted':
      return lost(among(message.ids, listed.teaching), 'Another tab of Paretoscope deleted teaching-lab runs from this browser', 'of the lab ', '');
  }
}
