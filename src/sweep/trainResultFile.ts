/**
 * A result file of `npm run train -- … --out FILE` read as the runs of an experiment file, for `npm run front`:
 *   one run:           { settings: { …config, data, backend, device?, psl? }, final, history, steps, wallSeconds }
 *   one run diverged:  { settings, failed, step, history, steps, wallSeconds }
 *   runs at once:      { settings: { …config but preference, data, backend, device?, together, atOnce? },
 *   (--preferences)      runs: [{ preference, final, history } | { preference, failed, step }], wallSeconds }
 * Each run becomes the saved run a sweep returns for it — the sweep's own record of a run (runRecord.ts; a failed
 * one: sweepFile.ts failedRunJson) — and is then checked against the exported file's run schema and read as an
 * import reads it (exchange/savedRunSchema.ts), so its runs and an experiment file's are the same records. Checked at
 * the boundary: the file's shape with zod, its settings against the registry (parseConfig), its results and epochs
 * with the schema of what the front draws (drawnPartsSchema); each problem names its place in the file
 * (`settings.learningRate`, `final.test.accuracy[0]`, `runs[2].history[4].val`). The command writes its JSON without
 * the exchange's replacer, so a NaN or ∞ is `null` there: in a parameter that may be infinite (μ_max of the reference
 * AL) it is read as ∞, in a step reading as NaN (step readings may be either), and a result or epoch with one is
 * refused, as an import refuses it. Pure.
 */
import { z } from 'zod';
import { keyOfMethod } from '../ui/compare/methodKeys';
import { issuePath } from '../ui/exchange/experimentFile';
import { drawnPartsSchema, MAX_RUN_EPOCHS, savedRunFromJson, savedRunSchema } from '../ui/exchange/savedRunSchema';
import type { SavedRun } from '../ui/persistence/savedRun';
import type { EpochReading, NetworkResult, StepReading, StepReadingCommon } from '../engine/readings';
import { METHOD_QUANTITIES } from '../engine/methods/quantities';
import { isSparse } from '../engine/phases/schedule';
import { nearestBudget, nearestRecipe, type TrainerConfig } from '../experiment/config';
import { parseConfig } from '../experiment/configSchema';
import { METHOD_PARAMETERS } from '../experiment/methodParameters';
import type { ParameterSpec } from '../experiment/parameter';
import { COMMON_PARAMETERS } from '../experiment/parameters';
import { PHASE_CODES } from '../workers/stepPacking';
import { epochSummary } from '../workers/runMessages';
import { toJson, type ParsedRunJob, type RunJobData } from './job';
import { RunRecord } from './runRecord';
import { failedRunJson } from './sweepFile';
import { issuesToSay } from '../experiment/schemaIssues';

/** What sets a train result file apart from an experiment file (which has `format`). */
export function isTrainResult(json: unknown): boolean {
  return isRecord(json) && !('format' in json) && 'settings' in json && ('final' in json || 'runs' in json || 'failed' in json);
}

export interface TrainResultRuns {
  ok: true;
  /** One run (`npm run train --out`) or runs trained at once (`--preferences`). */
  kind: 'run' | 'set';
  runs: SavedRun[];
  /** The data the runs trained on (`--data`: a folder, or 'synthetic'). */
  data: string;
  /** A set's runs trained at most this many at once, in groups one after another (files before --at-once: all at once). */
  atOnce: number;
}

export type ReadTrainResult = TrainResultRuns | { ok: false; problems: string[] };

/** How `count` runs were trained, `atOnce` at a time: "at once", or "4 at once (5 groups)". */
export function atOnceText(count: number, atOnce: number): string {
  return atOnce >= count ? 'at once' : `${atOnce} at once (${Math.ceil(count / atOnce)} groups)`;
}

export interface TrainResultSource {
  /** The file, as its runs' notes name it. */
  file: string;
  /** The runs' ids are this with -r1, -r2, … (ids must differ from every other run's of the report). */
  idPrefix: string;
  /** ms since 1970 when the runs ended (the file's modification time): the file records durations, no dates. */
  endedAt: number;
  /** The session the runs are read into (as parseExperimentFile's). */
  session: string;
}

/** At most this many problems are listed (as an experiment file's). */
const MAX_LISTED = 12;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What train.ts and trainTogether.ts add to the run's config in `settings`. */
const settingsShape = z.looseObject({ data: z.string().max(1000), backend: z.string().max(200), device: z.string().max(1000).optional() });
/** epochSummary reads an epoch's row metrics; its values are checked as the saved run's epochs are. */
const epochReading = z.looseObject({ rows: z.looseObject({}) });
const history = z.array(epochReading).max(MAX_RUN_EPOCHS);
const preference = z.array(z.number()).min(1).max(16);
const oneRunFile = z.object({ settings: settingsShape, final: z.unknown(), history, steps: z.array(z.unknown()).max(100_000), wallSeconds: z.number().min(0) });
const failedRunFile = z.object({ settings: settingsShape, failed: z.string(), step: z.number().int().min(0), wallSeconds: z.number().min(0) });
const setFile = z.object({ settings: settingsShape.extend({ together: z.number().int().min(1), atOnce: z.number().int().min(1).optional() }), runs: z.array(z.unknown()).min(1).max(1000), wallSeconds: z.number().min(0) });
const finishedOfSet = z.object({ preference, final: z.unknown(), history });
const failedOfSet = z.object({ preference, failed: z.string(), step: z.number().int().min(0) });

// A step reading's fields (engine/readings.ts): the common ones and its method's quantities (under their own names).
const STEP_SCALARS = ['globalStep', 'outer', 'epoch', 'learningRate', 'samplesPerSecond', 'maxViolation', 'proxEta', 'value'] as const satisfies readonly (keyof StepReadingCommon)[];
const STEP_VECTORS = ['objectives', 'constraints', 'preference'] as const satisfies readonly (keyof StepReadingCommon)[];
/** JSON.stringify's null for a NaN or ±∞ of a step reading (μ before its first update): NaN. */
const stepNumber = z.number().nullable().transform((v) => v ?? Number.NaN);

/** The step readings of a run of `config`: its method's, with one entry per objective in each vector. */
function stepReadings(config: TrainerConfig) {
  const { name } = config.method;
  const m = config.preference.length;
  const { scalars, vectors } = METHOD_QUANTITIES[name];
  const scalar = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, stepNumber]));
  const vector = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, z.array(stepNumber).length(m)]));
  const reading = z.looseObject({ method: z.literal(name), phase: z.enum(PHASE_CODES as [StepReading['phase'], ...StepReading['phase'][]]), ...scalar([...STEP_SCALARS, ...scalars]), ...vector([...STEP_VECTORS, ...vectors]) });
  return z.array(reading);
}

const INFINITE = new Set<string>(([...COMMON_PARAMETERS, ...Object.values(METHOD_PARAMETERS).flat()] as ParameterSpec[]).filter((s) => s.kind === 'number' && s.infinite).map((s) => s.key));
/** The config's values as the registry reads them: a null where a parameter may be infinite is its ∞. */
const withInfinity = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([key, v]) => [key, v === null && INFINITE.has(key) ? 'Infinity' : v]));

/** A problem of a run's config: at its place in the file, or (a rule between values) with none. */
interface ConfigProblem {
  at: string | null;
  message: string;
}

/** The run's config of the file's settings (and its preference, of a set), checked against the registry. */
function configOf(settings: Record<string, unknown>, place: string, runPreference: number[] | null, problems: ConfigProblem[]): TrainerConfig | null {
  const { data: _data, backend: _backend, device: _device, psl: _psl, together: _together, atOnce: _atOnce, ...config } = settings;
  const raw = { ...withInfinity(config), ...(isRecord(config.method) ? { method: withInfinity(config.method) } : {}), ...(runPreference ? { preference: runPreference } : {}) };
  const parsed = parseConfig(raw);
  if (parsed.ok) return parsed.config;
  for (const { path, message } of parsed.issues) {
    const at = path.length === 0 ? null : runPreference && path[0] === 'preference' ? issuePath(`${place}.preference`, path.slice(1)) : issuePath('settings', path);
    problems.push({ at, message });
  }
  return null;
}

/** `name` within `place` ('' for the file itself). */
const within = (place: string, name: string) => (place === '' ? name : `${place}.${name}`);

/** A saved run's place as the train file has it: result → final, an epoch's summary → its reading, config → settings. */
function placeInFile(path: readonly PropertyKey[], place: string): string {
  const [head, ...rest] = path;
  if (head === 'result') return issuePath(within(place, 'final'), rest);
  if (head === 'epochs') {
    const [i, field, ...more] = rest;
    return issuePath(within(place, 'history'), field === 'sparsityRate' || field === 'compressionRate' ? [i, 'rows', field, ...more] : rest);
  }
  if (head === 'config') return issuePath('settings', rest);
  return path.length === 0 ? place || 'file' : issuePath(place, path).replace(/^\./, '');
}

/** The job a sweep would have given the run: all that RunRecord and failedRunJson know of a run beside its readings. */
function jobOf(config: TrainerConfig, source: TrainResultSource, k: number): ParsedRunJob {
  const { network, seed, preference } = config;
  return {
    sweep: source.file.slice(0, 200),
    run: `${source.idPrefix}-r${k + 1}`,
    ordinal: k + 1,
    budget: nearestBudget(config).name,
    labels: { key: keyOfMethod(config.method), recipe: nearestRecipe(config).name, network, seed, preference },
    config,
  };
}

interface RunOfFile {
  config: TrainerConfig;
  /** Where the run is in the file: '' for a file of one run, `runs[2]` in a set. */
  place: string;
  final: unknown;
  history: EpochReading[];
  steps: StepReading[];
}

/**
 * A finished run as a sweep returns it (RunRecord: its step readings kept as the explorer keeps them), with what a
 * train file knows and a sweep's worker does not: its epochs (a file keeps them apart from its steps, which it
 * thins to every 10th; RunRecord takes an epoch with the step that closed it), its step count, no row classes, and
 * who trained it (the record's own note names the process that writes it: here, this one). Sparse as the trainer
 * says it: a run with k₀ > 0, and a Pareto set model (it zeroes rows for every k; workers/networkPslHandle.ts).
 */
function finishedRunJson(run: RunOfFile, source: TrainResultSource, k: number, how: { backend: string; startedAt: number; note: string }, problems: string[]): unknown {
  const epochs = run.history.map((e) => epochSummary(e));
  const drawn = drawnPartsSchema.safeParse({ status: 'finished', result: run.final, layers: null, epochs, notes: [], error: null, retargets: [] });
  if (!drawn.success) {
    problems.push(...issuesToSay(drawn.error.issues).map((i) => `${placeInFile(i.path, run.place)}: ${i.message}`));
    return null;
  }
  const result = drawn.data.result as NetworkResult;
  const record = new RunRecord(jobOf(run.config, source, k));
  for (const step of run.steps) record.add({ step, events: [] });
  const { run: json } = record.finished({ result, layers: [], totalSteps: result.steps, sparse: run.config.method.name === 'psl' || isSparse(run.config), backend: how.backend, attempt: 1, startedAt: how.startedAt, endedAt: source.endedAt, loadSeconds: 0 });
  return { ...json, layers: null, epochs: toJson(epochs), stepCount: result.steps, notes: [how.note] };
}

/** The runs of a train result file (its JSON parsed), or what is wrong with it. */
export function trainResultRuns(json: unknown, source: TrainResultSource): ReadTrainResult {
  const problems: string[] = [];
  const refuse = (): ReadTrainResult => ({ ok: false, problems: problems.length > MAX_LISTED ? [...problems.slice(0, MAX_LISTED), `… and ${problems.length - MAX_LISTED} more`] : problems });
  const shapeProblems = (issues: readonly z.core.$ZodIssue[], place = '') => problems.push(...issuesToSay(issues).map((i) => `${placeInFile(i.path, place)}: ${i.message}`));
  const startedAt = (wallSeconds: number) => source.endedAt - wallSeconds * 1000;
  const trainedOn = (settings: z.infer<typeof settingsShape>) =>
    `npm run train -- --out ${source.file.slice(0, 300)}: trained on ${settings.backend}${settings.device ? ` (${settings.device.slice(0, 200)})` : ''}, data ${settings.data.slice(0, 300)}`;
  const set = isRecord(json) && 'runs' in json;
  // A failed run as a sweep returns it (sweepFile.ts failedRunJson): its config, its reason (a divergence's names its
  // step) and the steps it took.
  const failedJson = (config: TrainerConfig, k: number, message: string, step: number, wallSeconds: number, note: string): unknown => {
    const job: RunJobData = { ...jobOf(config, source, k), config: toJson(config) };
    const failed = failedRunJson(job, message, startedAt(wallSeconds), source.endedAt);
    if (!failed) problems.push(`${set ? `runs[${k}]` : 'file'}: its run could not be recorded`);
    return failed && { ...failed, stepCount: step, notes: [note] };
  };
  const jsons: unknown[] = [];
  let data: string;
  let atOnce = 1;
  if (!set) {
    const shaped = isRecord(json) && 'failed' in json ? failedRunFile.safeParse(json) : oneRunFile.safeParse(json);
    if (!shaped.success) {
      shapeProblems(shaped.error.issues);
      return refuse();
    }
    const file = shaped.data;
    data = file.settings.data;
    const own: ConfigProblem[] = [];
    const config = configOf(file.settings, '', null, own);
    problems.push(...own.map(({ at, message }) => `${at ?? 'settings'}: ${message}`));
    if (!config) return refuse();
    // A run that diverged: its readings up to then are for reading by eye; no point, as a set's failed run has none.
    if ('failed' in file) jsons.push(failedJson(config, 0, file.failed, file.step, file.wallSeconds, trainedOn(file.settings)));
    else {
      const steps = stepReadings(config).safeParse(file.steps);
      if (!steps.success) shapeProblems(steps.error.issues, 'steps');
      const run: RunOfFile = { config, place: '', final: file.final, history: file.history as unknown as EpochReading[], steps: (steps.data ?? []) as unknown as StepReading[] };
      const note = `${trainedOn(file.settings)}, in ${file.wallSeconds.toFixed(1)} s`;
      jsons.push(finishedRunJson(run, source, 0, { backend: file.settings.backend, startedAt: startedAt(file.wallSeconds), note }, problems));
    }
  } else {
    const shaped = setFile.safeParse(json);
    if (!shaped.success) {
      shapeProblems(shaped.error.issues);
      return refuse();
    }
    const file = shaped.data;
    data = file.settings.data;
    atOnce = Math.min(file.settings.atOnce ?? file.runs.length, file.runs.length);
    // The runs share the settings: a problem of theirs is said once; a rule a run's own preference breaks, at the run.
    const configProblems = new Map<string, number[]>();
    const keep = (k: number, own: readonly ConfigProblem[]) => {
      for (const { at, message } of own) {
        const key = at === null ? message : `${at}: ${message}`;
        configProblems.set(key, [...(configProblems.get(key) ?? []), ...(at === null ? [k] : [])]);
      }
    };
    file.runs.forEach((item, k) => {
      const place = `runs[${k}]`;
      const own: ConfigProblem[] = [];
      if (isRecord(item) && 'failed' in item) {
        const parsed = failedOfSet.safeParse(item);
        if (!parsed.success) return shapeProblems(parsed.error.issues, place);
        const config = configOf(file.settings, place, parsed.data.preference, own);
        keep(k, own);
        if (!config) return;
        jsons.push(failedJson(config, k, parsed.data.failed, parsed.data.step, file.wallSeconds, trainedOn(file.settings)));
        return;
      }
      const parsed = finishedOfSet.safeParse(item);
      if (!parsed.success) return shapeProblems(parsed.error.issues, place);
      const config = configOf(file.settings, place, parsed.data.preference, own);
      keep(k, own);
      if (!config) return;
      const run: RunOfFile = { config, place, final: parsed.data.final, history: parsed.data.history as unknown as EpochReading[], steps: [] };
      const note = `${trainedOn(file.settings)}, one of ${file.runs.length} runs trained ${atOnceText(file.runs.length, atOnce)} in ${file.wallSeconds.toFixed(1)} s`;
      jsons.push(finishedRunJson(run, source, k, { backend: file.settings.backend, startedAt: startedAt(file.wallSeconds), note }, problems));
    });
    for (const [key, runs] of configProblems) {
      if (runs.length === 0) problems.push(key);
      else if (runs.length === file.runs.length) problems.push(`settings: ${key}`);
      else problems.push(...runs.map((k) => `runs[${k}]: ${key}`));
    }
  }
  if (problems.length > 0) return refuse();
  // Read as an import reads an experiment file's runs.
  const runs: SavedRun[] = [];
  jsons.forEach((run, k) => {
    const parsed = savedRunSchema.safeParse(run);
    if (parsed.success) runs.push(savedRunFromJson(parsed.data, source.session));
    else problems.push(...issuesToSay(parsed.error.issues).map((i) => `${placeInFile(i.path, set ? `runs[${k}]` : '')}: ${i.message}`));
  });
  if (problems.length > 0) return refuse();
  return { ok: true, kind: set ? 'set' : 'run', runs, data, atOnce };
}
