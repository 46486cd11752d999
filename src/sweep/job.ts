/**
 * What travels in the queue: a run's job (which sweep, which run, the labels of its place in the grid and its
 * TrainerConfig in JSON form) or a stack job (several such runs, trained at once as one stacked computation), and
 * what a finished job returns (each run as an exported experiment file holds it, plus who trained it and how long it
 * took). A job is checked where a worker takes it: its envelope with zod, its configs with the registry's parseConfig,
 * so a malformed job fails with the list of what is wrong. Pure.
 */
import { z } from 'zod';
import { BUDGET_NAMES, MAX_RUNS_AT_ONCE, METHOD_KEYS, NETWORK_NAMES, RECIPE_NAMES, type BudgetName, type MethodKey, type NetworkKind, type SparseRecipe } from '../experiment/choices';
import type { TrainerConfig } from '../experiment/config';
import { parseConfig } from '../experiment/configSchema';
import { stackingProblems } from '../engine/stacked/stacking';
import { preferenceProblems } from '../engine/psl/network/config';
import { issuePath } from '../ui/exchange/experimentFile';
import { jsonReplacer, MAX_MODEL_POINTS } from '../ui/exchange/savedRunSchema';
import type { SweepRun } from './grid';
import { issuesToSay } from '../experiment/schemaIssues';

/** JSON as BullMQ stores it: ∞ and NaN written as strings (the exported file's convention). */
export const toJson = <T>(value: T): unknown => JSON.parse(JSON.stringify(value, jsonReplacer));

/** Where a run sits in its sweep's grid. */
export interface RunLabels {
  key: MethodKey;
  recipe: SparseRecipe;
  network: NetworkKind;
  seed: number;
  preference: number[];
}

export interface RunJobData {
  sweep: string;
  /** The run's id: its job id, and its id in the experiment file. */
  run: string;
  ordinal: number;
  budget: BudgetName;
  labels: RunLabels;
  /** The TrainerConfig in JSON form. */
  config: unknown;
  /** A Pareto set model (method psl): the sweep's preferences it is read at on the test subset once trained. */
  readAt?: number[][];
}

export interface ParsedRunJob extends Omit<RunJobData, 'config'> {
  config: TrainerConfig;
}

/** A run's job id within its sweep. */
export const runJobId = (sweep: string, ordinal: number) => `${sweep}-r${String(ordinal).padStart(4, '0')}`;

/** The id prefix npm run front gives the runs of a result file of npm run train: `train-` and 16 hex digits of its SHA-256. */
export const trainRunIdPrefix = (sha256Hex: string): string => `train-${sha256Hex.slice(0, 16)}`;
/** A run of such a file (`train-<16 hex>-r1`, up to `-r1000` and beyond, which would read as a sweep's job id). */
const TRAIN_RUN_ID = /^train-[0-9a-f]{16}-r\d+$/;

/**
 * The sweep a run's id names (runJobId's inverse: a collected file keeps the job ids as its runs' ids); null for an id
 * of no sweep's run (the explorer's `run-…`, a train result's `train-…-r1`).
 */
export const sweepOfRunId = (id: string): string | null => (TRAIN_RUN_ID.test(id) ? null : (/^([A-Za-z0-9_.-]+)-r\d{4,}$/.exec(id)?.[1] ?? null));

export function runJobData(sweep: string, budget: BudgetName, run: SweepRun): RunJobData {
  const { key, recipe, network, seed, preference } = run;
  return { sweep, run: runJobId(sweep, run.ordinal), ordinal: run.ordinal, budget, labels: { key, recipe, network, seed, preference }, config: toJson(run.config), ...(run.readAt ? { readAt: run.readAt.map((k) => [...k]) } : {}) };
}

const envelope = z.object({
  sweep: z.string().min(1).max(200),
  run: z.string().min(1).max(100),
  ordinal: z.number().int().min(1),
  budget: z.enum(BUDGET_NAMES),
  labels: z.object({
    key: z.enum(METHOD_KEYS),
    recipe: z.enum(RECIPE_NAMES),
    network: z.enum(NETWORK_NAMES),
    seed: z.number().int().min(0),
    preference: z.array(z.number()).min(1).max(16),
  }),
  config: z.unknown(),
  readAt: z.array(z.array(z.number()).min(1).max(16)).min(1).max(MAX_MODEL_POINTS).optional(),
});

export type ParsedJob = { ok: true; job: ParsedRunJob } | { ok: false; problems: string[] };

/** A job's data checked: its envelope, then its config against the registry (each problem names its place). */
export function parseRunJob(data: unknown): ParsedJob {
  const shaped = envelope.safeParse(data);
  if (!shaped.success) return { ok: false, problems: issuesToSay(shaped.error.issues).map((i) => `${issuePath('job', i.path)}: ${i.message}`) };
  const config = parseConfig(shaped.data.config);
  if (!config.ok) return { ok: false, problems: config.issues.map((i) => `${issuePath('job.config', i.path)}: ${i.message}`) };
  const psl = config.config.method.name === 'psl';
  const { readAt, labels } = shaped.data;
  const problems: string[] = [];
  if ((labels.key === 'psl') !== psl) problems.push(`job.labels.key: ${labels.key} is not the config's method (${config.config.method.name})`);
  if (readAt && !psl) problems.push('job.readAt: only a Pareto set model (method psl) is read at preferences');
  // The model answers at preferences of its own length on the simplex (the trainer would refuse them after training).
  readAt?.forEach((k, i) => problems.push(...preferenceProblems(k, config.config.preference.length - 1).map((p) => `job.readAt.${i}: ${p}`)));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, job: { ...(shaped.data as Omit<RunJobData, 'config'>), config: config.config } };
}

/** Several runs of a sweep trained at once: each as its own run job holds it. */
export interface StackJobData {
  sweep: string;
  /** The stack's job id. */
  stack: string;
  runs: RunJobData[];
}

export interface ParsedStackJob {
  sweep: string;
  stack: string;
  runs: ParsedRunJob[];
}

/** A stack's job id within its sweep: numbered by its first run. */
export const stackJobId = (sweep: string, firstOrdinal: number) => `${sweep}-s${String(firstOrdinal).padStart(4, '0')}`;

export const isStackJobData = (data: unknown): boolean => typeof data === 'object' && data !== null && 'stack' in data;

const stackEnvelope = z.object({
  sweep: z.string().min(1).max(200),
  stack: z.string().min(1).max(100),
  runs: z.array(z.unknown()).min(1).max(MAX_RUNS_AT_ONCE),
});

export type ParsedStack = { ok: true; job: ParsedStackJob } | { ok: false; problems: string[] };

/** A stack job's data checked: its envelope, each run as a run job, and that the runs can be trained at once. */
export function parseStackJob(data: unknown): ParsedStack {
  const shaped = stackEnvelope.safeParse(data);
  if (!shaped.success) return { ok: false, problems: issuesToSay(shaped.error.issues).map((i) => `${issuePath('job', i.path)}: ${i.message}`) };
  const runs: ParsedRunJob[] = [];
  const problems: string[] = [];
  shaped.data.runs.forEach((run, i) => {
    const parsed = parseRunJob(run);
    if (parsed.ok) runs.push(parsed.job);
    else problems.push(...parsed.problems.map((p) => p.replace(/^job/, `job.runs.${i}`)));
  });
  if (problems.length === 0) problems.push(...stackingProblems(runs.map((r) => r.config)).map((p) => `job.runs: ${p}`));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, job: { sweep: shaped.data.sweep, stack: shaped.data.stack, runs } };
}

/** Who trained a run, on what, and how long each part took (seconds). */
export interface RunTiming {
  /** Wall-clock ms since 1970. */
  startedAt: number;
  endedAt: number;
  /** Loading the dataset (0 when the worker had it already). */
  loadSeconds: number;
  /** The optimiser's steps and evaluations (the Trainer's count). */
  trainingSeconds: number;
  /** The whole job. */
  wallSeconds: number;
}

export interface RunJobResult {
  /** The run as an exported experiment file holds it: savedRunToJson's object through toJson (no kernels). */
  run: Record<string, unknown>;
  worker: { host: string; pid: number; backend: string };
  timing: RunTiming;
  /** 1 for the first try; more when a worker died or the job failed and was retried. */
  attempt: number;
}

/** How one run of a stack ended: finished, or failed alone (it diverged; the others trained on without it). */
export type StackedRunOutcome = { run: string; state: 'finished'; result: RunJobResult } | { run: string; state: 'failed'; reason: string; startedAt: number; endedAt: number };

/** What a finished stack job returns: every run of it, in the stack's order. */
export interface StackJobResult {
  runs: StackedRunOutcome[];
}

/** A job's progress, as it is stored with the job: how far its schedule is; of a stack, which runs failed so far. */
export interface JobProgress {
  step: number;
  total: number;
  phase: string;
  failed?: string[];
}
