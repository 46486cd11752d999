/**
 * What each kind of run keeps of the readings the worker streams: a network run its step history (bounded,
 * stepHistory.ts), epoch summaries, notes and final result with row classes and kernel size; a teaching run
 * only its newest objective vector, a thinned trail of them, and f at the end. Pure.
 */
import type { WorkerMessage } from '../../workers/protocol';
import { unpackColumns } from '../../workers/stepPacking';
import { NOT_PAUSED, thinRetargets, type RunRecord } from './runRecord';
import { StepHistory } from '../explorer/stepHistory';

type Message<K extends WorkerMessage['kind']> = Extract<WorkerMessage, { kind: K }>;

/** A teaching run keeps one objective vector in this many steps as its trail. */
export const TRAIL_EVERY = 20;

export function withSteps(run: RunRecord, msg: Message<'steps'>): RunRecord {
  if (run.owner === 'explorer') {
    const steps = run.steps.append(msg.data);
    const newest = steps.latest('step');
    return { ...run, steps, stepCount: newest === null ? run.stepCount : newest + 1 };
  }
  const { step, objective } = unpackColumns(msg.data, msg.objectives, msg.method);
  if (step.length === 0) return run;
  const trail = [...run.trail];
  let live = run.live;
  step.forEach((s, i) => {
    live = objective.map((f) => f[i]);
    if (s % TRAIL_EVERY === 0) trail.push(live);
  });
  return { ...run, live, trail, stepCount: step[step.length - 1] + 1 };
}

/** An epoch's reading; the pauses within it are now the finished epochs' (the ETA takes them out of their seconds). */
export function withEpoch(run: RunRecord, msg: Message<'epoch'>): RunRecord {
  if (run.owner !== 'explorer') return run;
  const { paused } = run;
  return { ...run, epochs: [...run.epochs, msg.reading], paused: paused.inEpoch === 0 ? paused : { ...paused, inEpochs: paused.inEpochs + paused.inEpoch, inEpoch: 0 } };
}

export function withNote(run: RunRecord, msg: Message<'note'>): RunRecord {
  return run.owner === 'explorer' ? { ...run, notes: [...run.notes, msg.message] } : run;
}

/**
 * A re-targeting, one a step: a drag sends many in one step, of which training used the last. At MAX_RETARGETS (a
 * long run dragged throughout) the latest takes the last one's place, so a run stays within what a file may hold.
 */
export function withRetarget(run: RunRecord, msg: Message<'retargeted'>): RunRecord {
  if (run.owner !== 'explorer') return run;
  return { ...run, retargets: thinRetargets([...run.retargets, { step: msg.step, preference: msg.preference }]) };
}

/** A (re)start: a run put back in the queue and started again (a run trained at once with it failed) starts afresh. */
export function withStart(run: RunRecord, msg: Message<'run-started'>, now: number): RunRecord {
  const started = { ...run, totalSteps: msg.totalSteps, backend: msg.backend, startedAt: now, stepCount: 0, working: null };
  if (started.owner === 'teaching') return { ...started, live: null, trail: [] };
  return { ...started, sparse: msg.sparse, steps: StepHistory.empty(run.config.preference.length, run.config.method.name), epochs: [], notes: [], retargets: [], paused: NOT_PAUSED };
}

export function withResult(run: RunRecord, msg: Message<'run-finished'>, now: number): RunRecord {
  const ended = { ...run, state: 'finished' as const, endedAt: now, working: null };
  const { result } = msg;
  if (ended.owner === 'teaching') {
    if (result.kind !== 'teaching') return { ...ended, state: 'failed', error: `the worker sent a ${result.kind} result for a teaching run` };
    return { ...ended, result: [...result.objectives], paretoSet: result.paretoSet ?? null, ...(result.runsAtOnce && result.runsAtOnce > 1 ? { runsAtOnce: result.runsAtOnce } : {}) };
  }
  // A network run finishes with a network result; anything else would be a worker bug, not a front point.
  if (result.kind !== 'network') return { ...ended, state: 'failed', error: `the worker sent a ${result.kind} result for a network run` };
  return { ...ended, result, layers: msg.layers, kernels: { bytes: msg.kernelBytes, kept: msg.kernels !== null } };
}
