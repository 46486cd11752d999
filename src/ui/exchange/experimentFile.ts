/**
 * The exported experiment file (JSON):
 *   { "format": "paretoscope-experiment", "version": 4, "exportedAt": ISO date,
 *     "experiment": { the link's fields, typed: v, budget, seed, k, q, … (experiment/link/experiment.ts) },
 *     "runs": [ saved runs without their kernels (exchange/savedRunSchema.ts) ],
 *     "teachingRuns": [ the teaching lab's finished runs (exchange/savedTeachingRunSchema.ts) ] }
 * Version 4 added `teachingRuns` (older files have none). Version 3 names each method's own step quantities as the method does (`steps.columns.method`, `penalty`, `weights`,
 * …, persistence/savedSteps.ts); version 2 wrote them under the AL's names (λ, μ, t) and run configs in the
 * registry's shape (each method's parameters under `method`); version 1 wrote flat configs and packed steps. Older
 * files are read too: their configs and steps are migrated as they load.
 * Import checks the file completely: its experiment with the same field rules as a link, every run against the run
 * schema. A problem with the file or its experiment refuses the whole file with the list of problems, each naming its
 * place (`experiment.seed`); a run that cannot be read is left out and named (`run 3 of 40 · runs[2].config.learningRate`),
 * and the others import: each run carries its own settings, so leaving one out changes no other's meaning. Pure.
 */
import type { z } from 'zod';
import { decodeFields } from '../../experiment/link/codec';
import type { SharedExperiment } from '../../experiment/link/experiment';
import type { SavedRun } from '../persistence/savedRun';
import { jsonReplacer, savedRunFromJson, savedRunSchema, savedRunToJson } from './savedRunSchema';
import type { SavedTeachingRun } from '../persistence/savedTeachingRun';
import { savedTeachingRunSchema } from './savedTeachingRunSchema';
import { issuesToSay } from '../../experiment/schemaIssues';

export const FILE_FORMAT = 'paretoscope-experiment';
export const FILE_VERSION = 4;
/** Larger files are refused before they are parsed. */
export const MAX_FILE_BYTES = 50e6;
/** The most runs (and the most teaching runs) one file holds. */
export const MAX_FILE_RUNS = 10_000;

/** A text's size as a UTF-8 file (what the import's limit is of: a run's notes have "→", three bytes), without encoding it. */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
/** "50 MB", and a file's size as the limit is said ("60.1 MB"): decimal megabytes both. */
export const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes % 1e6 === 0 ? 0 : 1)} MB`;
/** At most this many problems are listed. */
const MAX_LISTED = 12;

export function experimentFileText(experiment: SharedExperiment, runs: readonly SavedRun[], exportedAt: Date, teachingRuns: readonly SavedTeachingRun[] = []): string {
  const file = { format: FILE_FORMAT, version: FILE_VERSION, exportedAt: exportedAt.toISOString(), experiment, runs: runs.map(savedRunToJson), teachingRuns };
  return JSON.stringify(file, jsonReplacer);
}

/**
 * The network runs as files the import opens: one, or where one would be refused (over MAX_FILE_BYTES or MAX_FILE_RUNS)
 * several, each with the experiment and a share of the runs, in order (a sweep of hundreds of paper runs: ≈ 86 kB a run).
 * A single run over the limit is a file of its own (no smaller file can hold it).
 */
export function experimentFileParts(
  experiment: SharedExperiment,
  runs: readonly SavedRun[],
  exportedAt: Date,
  limits: { bytes: number; runs: number } = { bytes: MAX_FILE_BYTES, runs: MAX_FILE_RUNS },
): string[] {
  let parts = Math.max(1, Math.ceil(runs.length / limits.runs));
  for (;;) {
    const size = Math.ceil(runs.length / parts);
    const texts: string[] = [];
    for (let i = 0; i < runs.length || texts.length === 0; i += size) texts.push(experimentFileText(experiment, runs.slice(i, i + size), exportedAt));
    const largest = Math.max(...texts.map(utf8Bytes));
    if (largest <= limits.bytes || size <= 1) return texts;
    // Runs differ in size: more parts than the average asks for, and at least one more each time.
    parts = Math.max(parts + 1, Math.ceil((parts * largest) / (0.95 * limits.bytes)));
  }
}

/**
 * The experiment as this file's import will read it. The editor keeps a hyper-parameter typed out of range (it says
 * the settings cannot run), but in the file such a field would refuse the whole file, its runs too: it is written as
 * the import would fall back to (the default), and each such field is named (`batchSize: 0 is out of range …`).
 */
export function exportableExperiment(experiment: SharedExperiment): { experiment: SharedExperiment; problems: string[] } {
  const asWritten = JSON.parse(JSON.stringify(experiment, jsonReplacer)) as Record<string, unknown>;
  const decoded = decodeFields(new Map(Object.entries(asWritten)), 'json');
  return decoded.issues.length === 0 ? { experiment, problems: [] } : { experiment: decoded.experiment, problems: decoded.problems };
}

/**
 * The runs as this file's import will read them: a run the run schema would refuse (a value no check stopped on its way
 * in) would be left out by the import without a word here, so it is left out now, and named (`run 3: result.paretoSet.task[1].test.nll[0]: …`).
 */
export function exportableRuns(runs: readonly SavedRun[], teachingRuns: readonly SavedTeachingRun[]): { runs: SavedRun[]; teachingRuns: SavedTeachingRun[]; problems: string[] } {
  const problems: string[] = [];
  const passes = (json: unknown, schema: z.ZodType, name: string): boolean => {
    const parsed = schema.safeParse(JSON.parse(JSON.stringify(json, jsonReplacer)));
    if (!parsed.success) problems.push(`${name}: ${issuePath('', parsed.error.issues[0].path).replace(/^\./, '') || 'record'}: ${parsed.error.issues[0].message}`);
    return parsed.success;
  };
  return {
    runs: runs.filter((r) => passes(savedRunToJson(r), savedRunSchema, `run ${r.ordinal}`)),
    teachingRuns: teachingRuns.filter((r) => passes(r, savedTeachingRunSchema, `teaching run ${r.ordinal}`)),
    problems,
  };
}

/**
 * A read file: its experiment and the runs that could be read; `unread` runs could not, `leftOut` says why (a line per
 * problem, the first MAX_LISTED).
 */
export type ParsedFile =
  | { ok: true; experiment: SharedExperiment; runs: SavedRun[]; teachingRuns: SavedTeachingRun[]; unread: number; leftOut: string[] }
  | { ok: false; problems: string[] };

/** `runs[2].config.seed` from a zod issue path. */
export function issuePath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : `${out}.${String(p)}`), prefix);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A list's entry as a reader counts (`run 3 of 40`), and where it sits in the JSON (`runs[2]`). */
const entryName = (what: string, place: string, i: number, of: number) => `${what} ${i + 1} of ${of} · ${place}[${i}]`;

/**
 * A list of runs checked one by one against `schema`, each id once: a run that fails is left out, each of its problems
 * named in `leftOut` (`run 3 of 40 · runs[2].config.seed: …`). A list that is missing or longer than MAX_FILE_RUNS is a
 * problem of the file (`problems`). Returns the runs that passed, each with its place in the list.
 */
function readRunList<S extends z.ZodType<{ id: string }>>(raw: unknown, place: string, what: string, schema: S, problems: string[], leftOut: string[]): { run: z.output<S>; at: number }[] {
  if (!Array.isArray(raw)) {
    problems.push(`${place}: missing or not a list`);
    return [];
  }
  if (raw.length > MAX_FILE_RUNS) {
    problems.push(`${place}: ${raw.length} runs, more than ${MAX_FILE_RUNS.toLocaleString('en')}`);
    return [];
  }
  const ids = new Set<string>();
  const read: { run: z.output<S>; at: number }[] = [];
  raw.forEach((item, i) => {
    const name = entryName(what, place, i, raw.length);
    const parsed = schema.safeParse(item);
    if (!parsed.success) {
      for (const issue of issuesToSay(parsed.error.issues)) leftOut.push(`${issuePath(name, issue.path)}: ${issue.message}`);
      return;
    }
    if (ids.has(parsed.data.id)) return void leftOut.push(`${name}.id: the id ${JSON.stringify(parsed.data.id.slice(0, 40))} is an earlier run's too`);
    ids.add(parsed.data.id);
    read.push({ run: parsed.data, at: i });
  });
  return read;
}

/** The first `count` problems, then `… and N more`. */
const listed = (problems: readonly string[], count: number): string[] =>
  problems.length > count ? [...problems.slice(0, count), `… and ${problems.length - count} more`] : [...problems];

/** A refused file: its problems, the first `count` of them named. */
export function refusal(problems: readonly string[], count: number): { ok: false; problems: string[] } {
  return { ok: false, problems: listed(problems, count) };
}

/** A file's JSON, or the one problem that stops it being read (too large, not JSON). */
export function readJsonText(text: string): { ok: true; data: unknown } | { ok: false; problem: string } {
  const bytes = text.length > MAX_FILE_BYTES / 3 ? utf8Bytes(text) : text.length;
  if (bytes > MAX_FILE_BYTES) return { ok: false, problem: `file: ${megabytes(bytes)}, larger than ${megabytes(MAX_FILE_BYTES)}` };
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, problem: `file: not valid JSON (${err instanceof Error ? err.message.slice(0, 120) : 'parse error'})` };
  }
}

/** Reads an exported file; imported runs become runs of `session`. */
export function parseExperimentFile(text: string, session: string): ParsedFile {
  const refuse = (problems: string[]): ParsedFile => refusal(problems, MAX_LISTED);
  const json = readJsonText(text);
  if (!json.ok) return refuse([json.problem]);
  const data = json.data;
  if (!isRecord(data) || data.format !== FILE_FORMAT) return refuse([`format: not a Paretoscope experiment file (expected "format": "${FILE_FORMAT}")`]);
  const version = data.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return refuse(['version: missing or not a file version']);
  if (version > FILE_VERSION) return refuse([`version: file version ${version} is newer than this app's (${FILE_VERSION})`]);

  const problems: string[] = [];
  const leftOut: string[] = [];
  let experiment: SharedExperiment | null = null;
  if (!isRecord(data.experiment)) problems.push('experiment: missing or not an object');
  else {
    const decoded = decodeFields(new Map(Object.entries(data.experiment)), 'json');
    problems.push(...decoded.issues.map((i) => `experiment.${i.field}: ${i.problem}`));
    experiment = decoded.experiment;
  }

  const runsRead = readRunList(data.runs, 'runs', 'run', savedRunSchema, problems, leftOut);
  const runs = runsRead.map(({ run }) => savedRunFromJson(run, session));
  // Files before version 4 have no teaching runs.
  const teachingCount = Array.isArray(data.teachingRuns) ? data.teachingRuns.length : 0;
  const teachingRead = data.teachingRuns === undefined ? [] : readRunList(data.teachingRuns, 'teachingRuns', 'teaching run', savedTeachingRunSchema, problems, leftOut);
  // The page keeps both kinds under one id each: a teaching run with a network run's id would replace it.
  const networkAt = new Map(runsRead.map(({ run, at }) => [run.id, at]));
  const teachingRuns = teachingRead.flatMap(({ run, at }) => {
    const j = networkAt.get(run.id);
    if (j === undefined) return [run];
    leftOut.push(`${entryName('teaching run', 'teachingRuns', at, teachingCount)}.id: the id ${JSON.stringify(run.id.slice(0, 40))} is also the id of run ${j + 1} (runs[${j}])`);
    return [];
  });
  // Nothing imports: every problem is said, the runs' among them.
  if (problems.length > 0 || !experiment) return refuse([...problems, ...leftOut]);
  const unread = (Array.isArray(data.runs) ? data.runs.length : 0) - runs.length + teachingCount - teachingRuns.length;
  return { ok: true, experiment, runs, teachingRuns, unread, leftOut: listed(leftOut, MAX_LISTED) };
}
