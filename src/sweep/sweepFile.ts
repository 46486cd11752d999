/**
 * A sweep's record and its result file. The manifest (the sweep's parent job's data) holds what the sweep is: its
 * runs' ids and grid labels, and the experiment the explorer should show — the grid's settings, its preference
 * vectors as the experiment's list, its methods. `sweepFileText` writes the runs that ended as the explorer's own
 * exported experiment file (ui/exchange/experimentFile.ts, the same writer; in parts where one file would be over
 * what the import takes), so importing it puts the finished runs on the front and lists the failed ones with their
 * reasons. Pure.
 */
import { plannedSteps } from '../engine/phases/schedule';
import { AUTOMATIC_WORKER, MAX_QUEUE, SHARED_PARAMETERS, defaultExperiment, type SharedExperiment } from '../experiment/link/experiment';
import type { Preference } from '../experiment/preference';
import { experimentFileParts } from '../ui/exchange/experimentFile';
import type { SavedRun } from '../ui/persistence/savedRun';
import { savedStepsOf } from '../ui/persistence/savedSteps';
import { StepHistory } from '../ui/explorer/stepHistory';
import { experimentOf } from '../ui/sharing/experimentState';
import { describeGrid, MAX_SWEEP_RUNS, type SweepGrid } from './grid';
import { parseRunJob, runJobId, toJson, type RunJobResult, type RunLabels, type StackJobResult } from './job';
import type { SweepJob } from './sweepJobs';

export interface ManifestRun {
  run: string;
  ordinal: number;
  labels: RunLabels;
  /** The stack job that trains the run with others; absent: the run's own job (its id is the run's). */
  job?: string;
  /**
   * The images it will train on (planned optimiser steps × batch size): what the sweep's progress weighs it by — a
   * Pareto set model trains 1.5× a run's epochs. Absent in older sweeps' manifests.
   */
  work?: number;
}

export interface SweepManifest {
  sweep: string;
  /** What a reader of the merged sweeps should know (mergeManifests). */
  note?: string;
  /** ms since 1970. */
  createdAt: number;
  description: string;
  experiment: SharedExperiment;
  runs: ManifestRun[];
}

/** The id of the job that trains a run. */
export const jobOfRun = (r: ManifestRun): string => r.job ?? r.run;

/** Each job of the sweep and its runs, in the manifest's order. */
export function manifestJobs(manifest: SweepManifest): Map<string, ManifestRun[]> {
  const jobs = new Map<string, ManifestRun[]>();
  for (const r of manifest.runs) jobs.set(jobOfRun(r), [...(jobs.get(jobOfRun(r)) ?? []), r]);
  return jobs;
}

/** The experiment a sweep's file opens: the grid's first run's settings, its preferences as the list, its methods. */
export function sweepExperiment(grid: SweepGrid): SharedExperiment {
  const shared = new Set(SHARED_PARAMETERS.map((p) => p.key));
  // Only what a link carries (the CLI may set engine-only parameters, which a file must not name).
  const overrides = Object.fromEntries(Object.entries(grid.settings.overrides).filter(([key]) => shared.has(key)));
  const distinct = [...new Map(grid.preferences.map((k) => [k.join(), k])).values()];
  const lab = defaultExperiment();
  return experimentOf(
    {
      settings: { ...grid.settings, overrides },
      preference: [...grid.preferences[0]] as Preference,
      // The explorer keeps at most MAX_QUEUE vectors in its list; the runs are all in the file regardless.
      plan: distinct.slice(0, MAX_QUEUE).map((k) => [...k] as Preference),
      front: { metric: 'loss', sparsityAxis: false, reference: null },
    },
    AUTOMATIC_WORKER,
    {
      dimension: lab.dimension,
      tasks: lab.tasks,
      width: lab.width,
      similarity: lab.similarity,
      methods: grid.methods,
      sweep: grid.size ?? lab.sweep,
      parallel: false,
      labK: lab.labK,
      projection: lab.projection,
    },
  );
}

export function manifestOf(sweep: string, grid: SweepGrid, createdAt: number, jobs: readonly SweepJob[] = []): SweepManifest {
  const stackOf = new Map(jobs.flatMap((j) => (j.kind === 'stack' ? j.data.runs.map((r) => [r.run, j.id] as const) : [])));
  const stacks = jobs.filter((j) => j.kind === 'stack').length;
  return {
    sweep,
    createdAt,
    description: describeGrid(grid) + (stacks > 0 ? `; ${stacks} stack job${stacks === 1 ? '' : 's'} of runs trained at once, ${jobs.length - stacks} run jobs` : ''),
    experiment: sweepExperiment(grid),
    runs: grid.runs.map(({ ordinal, key, recipe, network, seed, preference, config }) => {
      const run = runJobId(sweep, ordinal);
      const stack = stackOf.get(run);
      return { run, ordinal, labels: { key, recipe, network, seed, preference }, ...(stack ? { job: stack } : {}), work: plannedSteps(config) * config.batchSize };
    }),
  };
}

/**
 * Several sweeps collected as one file (e.g. methods whose recipes differ, submitted apart): the first sweep's
 * experiment with every sweep's methods, their runs one after the other, numbered on from 1 (each sweep numbers
 * its own from 1).
 */
export function mergeManifests(manifests: readonly SweepManifest[]): SweepManifest {
  if (manifests.length === 0) throw new Error('no sweep to collect');
  if (manifests.length === 1) return manifests[0];
  const [first] = manifests;
  // One front: the sweeps must train the same problem (their methods, recipes and networks may differ).
  const other = manifests.find((m) => m.experiment.problem !== first.experiment.problem);
  if (other) throw new Error(`sweeps ${first.sweep} (${first.experiment.problem}) and ${other.sweep} (${other.experiment.problem}) train different problems: their runs would share one front; collect them apart`);
  const total = manifests.reduce((n, m) => n + m.runs.length, 0);
  if (total > MAX_SWEEP_RUNS) throw new Error(`the sweeps have ${total} runs together, more than ${MAX_SWEEP_RUNS} (the most one experiment file holds); collect them apart`);
  const methods = [...new Set(manifests.flatMap((m) => m.experiment.methods))];
  return {
    // Allowed (a front may compare budgets), but not silent: the file's runs then differ in more than their method.
    ...(new Set(manifests.map((m) => m.experiment.budget)).size > 1
      ? { note: `the sweeps train different budgets (${manifests.map((m) => `${m.sweep}: ${m.experiment.budget}`).join(', ')}): their points share one front` }
      : {}),
    sweep: manifests.map((m) => m.sweep).join('+'),
    createdAt: Math.min(...manifests.map((m) => m.createdAt)),
    description: manifests.map((m) => `${m.sweep}: ${m.description}`).join('; '),
    experiment: { ...first.experiment, methods },
    runs: manifests.flatMap((m) => m.runs).map((r, i) => ({ ...r, ordinal: i + 1 })),
  };
}

/** Where a run of the sweep stands, as the queue has it. */
export type RunOutcome =
  | { run: string; state: 'finished'; result: RunJobResult }
  | { run: string; state: 'failed'; reason: string; data: unknown; startedAt: number | null; endedAt: number | null }
  | { run: string; state: 'pending' | 'missing' };

/** What a sweep's parent job returns once every job has ended: how its runs ended. */
export interface SweepSummary {
  finished: number;
  /** Run id → why it failed (after its job's last try; a run of a stack may fail alone). */
  failed: Record<string, string>;
}

/** A job's id from its Redis key (`bull:<queue>:<id>`; ids have no colon). */
const idOfKey = (key: string) => key.slice(key.lastIndexOf(':') + 1);

/** How the sweep's runs ended, from its children's return values and their failures (BullMQ's, by job key). */
export function sweepSummary(manifest: SweepManifest, values: Record<string, unknown>, failures: Record<string, string>): SweepSummary {
  const valueOf = new Map(Object.entries(values).map(([key, value]) => [idOfKey(key), value]));
  const failureOf = new Map(Object.entries(failures).map(([key, reason]) => [idOfKey(key), reason]));
  let finished = 0;
  const failed: Record<string, string> = {};
  for (const r of manifest.runs) {
    const job = jobOfRun(r);
    const failure = failureOf.get(job);
    if (failure !== undefined) failed[r.run] = failure;
    else if (!valueOf.has(job)) continue;
    else if (r.job === undefined) finished++;
    else {
      const own = (valueOf.get(job) as StackJobResult).runs.find((o) => o.run === r.run);
      if (own?.state === 'finished') finished++;
      else failed[r.run] = own?.reason ?? `its stack ${job} returned no result for it`;
    }
  }
  return { finished, failed };
}

/** A failed run as the exported file holds one (no result, the reason as its error); null when its job is malformed. */
export function failedRunJson(data: unknown, reason: string, startedAt: number | null, endedAt: number | null): Record<string, unknown> | null {
  const parsed = parseRunJob(data);
  if (!parsed.ok) return null;
  const { config, run, ordinal } = parsed.job;
  const saved: SavedRun = {
    id: run,
    ordinal,
    config,
    status: 'failed',
    session: 'sweep',
    startedAt: startedAt ?? 0,
    endedAt,
    backend: null,
    totalSteps: null,
    sparse: config.preference[0] > 0,
    stepCount: 0,
    result: null,
    layers: null,
    kernels: null,
    epochs: [],
    steps: savedStepsOf(StepHistory.empty(config.preference.length, config.method.name)),
    notes: [],
    error: reason.slice(0, 1000),
    retargets: [],
  };
  const { session: _session, ...rest } = saved;
  return toJson(rest) as Record<string, unknown>;
}

export interface CollectedFile {
  /** The file's text; several where one would be over what the import takes (experimentFileParts). */
  parts: string[];
  finished: number;
  failed: number;
  /** Runs not ended yet (left out of the file). */
  pending: number;
  /** Failed runs whose job was malformed (no config to show): left out, with their reasons. */
  leftOut: string[];
}

/** The exported experiment file of a sweep's ended runs, in grid order, each run once. */
export function sweepFileText(manifest: SweepManifest, outcomes: readonly RunOutcome[], exportedAt: Date): CollectedFile {
  const byRun = new Map(outcomes.map((o) => [o.run, o]));
  const runs: Record<string, unknown>[] = [];
  const leftOut: string[] = [];
  let finished = 0;
  let failed = 0;
  let pending = 0;
  for (const { run, ordinal } of manifest.runs) {
    const outcome = byRun.get(run);
    if (outcome?.state === 'finished') {
      // The manifest's number: the job's own, or its place among several sweeps collected together.
      runs.push({ ...outcome.result.run, ordinal });
      finished++;
    } else if (outcome?.state === 'failed') {
      const json = failedRunJson(outcome.data, outcome.reason, outcome.startedAt, outcome.endedAt);
      if (json) runs.push({ ...json, ordinal });
      else leftOut.push(`${run}: ${outcome.reason}`);
      failed++;
    } else {
      pending++;
    }
  }
  // Runs are already in the file's JSON form: the explorer's writer only wraps them (and drops no field of theirs).
  const parts = experimentFileParts(manifest.experiment, runs as unknown as SavedRun[], exportedAt);
  return { parts, finished, failed, pending, leftOut };
}
