/**
 * The one lifecycle of a run, driven by the worker's messages: queued → loading → running ⇄ paused → finishing →
 * finished | failed | stopped ('interrupted' only comes from storage). A worker's `state` messages set the state
 * of the runs its loop is on; the run's own messages add readings and end it. An ended run stays as it ended: a
 * late message (after a crash was reported, or a stop the UI recorded first) does not revive it. Pure.
 */
import type { LoopState, WorkerMessage } from '../../workers/protocol';
import { isEnded, type PausedTime, type RunRecord, type RunState } from './runRecord';
import { withEpoch, withNote,
  withRetarget, withResult, withStart, withSteps } from './runReadings';

/** What a worker's run loop last reported (its `state` message). */
export interface WorkerLoop {
  state: LoopState;
  /** The runs it has loaded: one, or several trained at once. */
  runIds: string[];
  /** Ids waiting in its queue, in order. */
  queued: string[];
  processing: boolean;
}

export const IDLE_LOOP: WorkerLoop = Object.freeze({ state: 'idle', runIds: [], queued: [], processing: false }) as WorkerLoop;

const LOOP_TO_RUN: Record<Exclude<LoopState, 'idle'>, RunState> = {
  loading: 'loading',
  running: 'running',
  paused: 'paused',
  finishing: 'finishing',
};

/** The ids of the runs a message is about (for a `state` message: the runs the loop is busy with, and its queue). */
export function messageRunIds(msg: WorkerMessage): readonly string[] {
  if (msg.kind === 'state') return msg.state === 'idle' ? msg.queued : [...msg.runIds, ...msg.queued];
  return [msg.runId];
}

/** A run's paused time once it is paused (`pausing`) or goes on, at `now`. */
function pausedAfter(paused: PausedTime, pausing: boolean, now: number): PausedTime {
  if (pausing) return paused.since === null ? { ...paused, since: now } : paused;
  return paused.since === null ? paused : { ...paused, inEpoch: paused.inEpoch + (now - paused.since), since: null };
}

/** The run after one message about it. */
export function advanceRun(run: RunRecord, msg: WorkerMessage, now: number): RunRecord {
  if (isEnded(run)) return run;
  switch (msg.kind) {
    case 'state': {
      // A run back in the queue (it trained at once with a run that failed, or Run now went first) waits again.
      if (msg.queued.includes(run.id)) return run.state === 'queued' ? run : { ...run, state: 'queued', working: null };
      if (msg.state === 'idle' || run.state === LOOP_TO_RUN[msg.state]) return run;
      const next = { ...run, state: LOOP_TO_RUN[msg.state] } as RunRecord;
      return next.owner === 'explorer' && (next.state === 'paused' || run.state === 'paused') ? { ...next, paused: pausedAfter(next.paused, next.state === 'paused', now) } : next;
    }
    case 'run-started':
      return withStart(run, msg, now);
    case 'steps':
      return withSteps(run, msg);
    case 'epoch':
      return withEpoch(run, msg);
    case 'note':
      return withNote(run, msg);
    case 'working':
      return { ...run, working: msg.work };
    case 'retargeted':
      return withRetarget(run, msg);
    case 'run-finished':
      return withResult(run, msg, now);
    case 'run-failed':
      return failRun(run, msg.message, now, msg.step);
    case 'run-stopped':
      return { ...run, state: 'stopped', endedAt: now, working: null };
  }
}

/**
 * The run failed (the worker said so, or the worker itself died): `cause` is shown with it. `step`, where the cause
 * names one, is the step count shown beside it (a step closing an epoch fails before its reading is sent).
 */
export function failRun(run: RunRecord, cause: string, now: number, step?: number): RunRecord {
  if (isEnded(run)) return run;
  return { ...run, state: 'failed', error: cause, endedAt: now, stepCount: Math.max(run.stepCount, step ?? 0), working: null };
}
