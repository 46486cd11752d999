/**
 * Why the explorer's Run, Add to queue and Run all cannot start now, in words shown under Run (null: they can). A greyed-out button alone leaves a
 * newcomer guessing; the reason is one of the page's states: the trainer's, the data's, the settings', the loop's. Pure.
 */
import type { DataAvailability } from '../data/availability';
import type { RunStatus } from '../store';

export interface RunBlockers {
  status: RunStatus;
  data: DataAvailability;
  /** The data's name ("MultiMNIST"). */
  problemLabel: string;
  /** What is wrong with the settings, each parameter by its label. */
  problems: readonly string[];
}

/** Why Run waits while a run of the explorer is loaded (training, paused or finishing): Add to queue does not. */
export const ACTIVE_RUN_REASON = 'A run is training: Add to queue runs this preference after it, or Stop it first.';

const TRAINER: Partial<Record<RunStatus, string>> = {
  starting: 'The trainer is starting…',
  'selecting-backend': 'The trainer is choosing its backend…',
  'self-testing': 'The self-test is running…',
  failed: 'The trainer could not start: the notice at the top says why.',
  crashed: 'The trainer stopped: Start the trainer again, at the top.',
};

const DATA: Partial<Record<DataAvailability, (problem: string) => string>> = {
  checking: (p) => `Looking for the ${p} data…`,
  missing: (p) => `The ${p} data are not prepared: the Experiment panel says how.`,
  preparing: (p) => `The ${p} data are being prepared…`,
  failed: (p) => `Preparing the ${p} data failed: the Experiment panel says why.`,
};

/** Whether what keeps Run back passes by itself (the trainer starting, the data being found or prepared): no problem. */
export function runBlockedWaits(b: RunBlockers): boolean {
  return b.status === 'starting' || b.status === 'selecting-backend' || b.status === 'self-testing' || (TRAINER[b.status] === undefined && (b.data === 'checking' || b.data === 'preparing'));
}

export function runBlockedReason(b: RunBlockers): string | null {
  const trainer = TRAINER[b.status];
  if (trainer) return trainer;
  const data = DATA[b.data];
  if (data) return data(b.problemLabel);
  if (b.problems.length > 0) return `These settings cannot run: ${b.problems.join('; ')}.`;
  return null;
}
