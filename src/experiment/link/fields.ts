/**
 * How each key of the shareable experiment is written into a link and read back — from link text or from a JSON
 * value of an exported file — one small reader/writer per kind of field, and the list of fields in the order they
 * are written and read (the choices first: they decide the presets the parameters are compared with). The
 * parameters' fields are made from the registry's declarations. Pure.
 *
 * Hostile input: values are only ever parsed (never evaluated), and echoed back in messages quoted and cut to 40
 * characters.
 */
import { BACKEND_NAMES, BUDGET_NAMES, FRONT_METRICS, isMethodKey, MAX_RUNS_AT_ONCE, METHOD_KEYS, METHOD_NAMES, NETWORK_NAMES, PROBLEM_NAMES, RECIPE_NAMES, isTeachingProblem, VARIANT_NAMES, type MethodKey } from '../choices';
import { appliesToExperiment } from '../config';
import { DEFAULT_SWEEP_METHODS, LAB_PARAMETERS } from '../labParameters';
import { describeRange, inRange, type NumberSpec, type ParameterSpec } from '../parameter';
import { plural } from '../plural';
import { sumsToOne } from '../../engine/preferenceSum';
import { roundPreference, type Preference } from '../preference';
import { BUDGETS } from '../presets';
import { defaultExperiment, INITIAL_PREFERENCE, MAX_QUEUE, presetOf, REFERENCE_LIMIT, SHARED_PARAMETERS, TOUR_STEP_COUNT, type SharedExperiment, type SharedParameterKey } from './experiment';

export type Mode = 'link' | 'json';

/** What was wrong with one field, and what was done about it. */
export interface FieldIssue {
  field: string;
  problem: string;
  /** "using the default (…)", "left out of the list", "renormalised to (…)", … */
  action: string;
}

export interface FieldReader {
  mode: Mode;
  /** The experiment read so far (fields before this one are in it). */
  e: SharedExperiment;
  fail(field: string, problem: string, action: string): void;
}

export interface LinkField {
  key: string;
  /** The value's text, or null to leave it out of the link (its default). */
  write(e: SharedExperiment): string | null;
  /** Reads the field's value into `r.e`, or reports why not. */
  read(raw: unknown, r: FieldReader): void;
  /**
   * Where no schema version changed the key's meaning (the versions differ in the networks' sparse recipe), so that a
   * link without `v` that has it is not read as one made before versions: 'runtime', how this browser trains, not what
   * (`?backend=webgpu` alone is no experiment of any version); 'lab', the teaching lab's, versionless in a link that
   * opens the lab; 'labOnly', the lab's and in no explorer link, so that with it a link is the lab's even where its
   * `problem` is mistyped or left out. Absent: the experiment's, read by the link's version.
   */
  versionless?: 'runtime' | 'lab' | 'labOnly';
}

type Mutable = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------
// Values

/** Text echoed in a message, cut to 40 characters. */
export const cutText = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** How a value is echoed in a message: quoted, cut to 40 characters. */
export function shown(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : (JSON.stringify(raw) ?? String(raw));
  const cut = cutText(text);
  return typeof raw === 'string' ? JSON.stringify(cut) : cut;
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
type Problem = { problem: string };

/**
 * A number written in decimals (`12`, `-0.5`, `2.5e-8`), as links and command lines take it; NaN for anything else —
 * `0x10`, `0b1000`, `Infinity`, '' — which JavaScript's Number() would read (or read as 0).
 */
export function numberOfText(text: string): number {
  const trimmed = text.trim();
  return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** A number from link text or a JSON value (null for "all" where allowed). */
export function readNumber(raw: unknown, mode: Mode, nullable = false): number | null | Problem {
  if (nullable && (raw === null || raw === 'all')) return null;
  if (mode === 'link' && typeof raw === 'string' && !Number.isNaN(numberOfText(raw))) return numberOfText(raw);
  if (mode === 'json' && typeof raw === 'number') return raw;
  return { problem: `${shown(raw)} is not a number` };
}

function readVector(raw: unknown, mode: Mode, length: number, what: string): { value: number[] } | Problem {
  let entries: unknown[];
  if (mode === 'link' && typeof raw === 'string') entries = raw.split(',');
  else if (mode === 'json' && Array.isArray(raw)) entries = raw;
  else return { problem: `${shown(raw)} is not a list of ${length} numbers (${what})` };
  if (mode === 'link' && raw === '') return { problem: `empty, not ${length} numbers (${what})` };
  // Words before counts: `k=abc` is no number at all, not a vector one entry short.
  const value: number[] = [];
  for (const entry of entries) {
    const n = readNumber(entry, mode);
    if (n === null || typeof n === 'object') return { problem: entries.length === 1 ? `${shown(raw)} is not a list of ${length} numbers (${what})` : `${shown(raw)} has an entry that is not a number` };
    value.push(n);
  }
  if (entries.length !== length) return { problem: `${shown(raw)} has ${plural(entries.length, 'entry', 'entries')}, not ${length} (${what})` };
  return { value };
}

const fmtK = (k: readonly number[]) => `(${k.join(', ')})`;

/** A preference vector, renormalised when its entries are ≥ 0 but do not sum to 1. */
function readPreference(raw: unknown, mode: Mode): { value: Preference; note?: { problem: string; action: string } } | Problem {
  const read = readVector(raw, mode, 3, 'sparsity, task 1, task 2');
  return 'problem' in read ? read : (checkWeights(read.value, raw) as { value: Preference; note?: { problem: string; action: string } } | Problem);
}

/** Weights ≥ 0 that sum to 1, renormalised (and said so) when they are ≥ 0 but sum to something else. */
function checkWeights(k: number[], raw: unknown): { value: number[]; note?: { problem: string; action: string } } | Problem {
  if (k.some((v) => !Number.isFinite(v) || Math.abs(v) > 1e6)) return { problem: `${shown(raw)} has an entry out of range` };
  if (k.some((v) => v < 0)) return { problem: `${shown(raw)} has a negative entry` };
  const sum = k.reduce((a, b) => a + b, 0);
  if (sum <= 0) return { problem: `${shown(raw)} is all zeros` };
  if (sumsToOne(k)) return { value: k };
  const fixed = roundPreference(k.map((v) => v / sum));
  return { value: fixed, note: { problem: `${fmtK(k)} sums to ${Number(sum.toPrecision(6))}, not 1`, action: `renormalised to ${fmtK(fixed)}` } };
}

function readEnum<T extends string>(raw: unknown, names: readonly T[]): T | Problem {
  if (typeof raw === 'string' && (names as readonly string[]).includes(raw)) return raw as T;
  return { problem: `${shown(raw)} is not one of ${names.join(', ')}` };
}

function readFlag(raw: unknown): boolean | Problem {
  if (raw === true || raw === '1' || raw === 'true') return true;
  if (raw === false || raw === '0' || raw === 'false') return false;
  return { problem: `${shown(raw)} is not 0 or 1` };
}

const formatVector = (v: readonly number[]) => v.map(String).join(',');
const shownValue = (value: unknown) => (value === null ? 'all' : typeof value === 'boolean' ? (value ? '1' : '0') : Array.isArray(value) ? value.join(', ') : String(value));
const usingDefault = (value: unknown) => `using the default (${shownValue(value)})`;

// ---------------------------------------------------------------------------------------------------------
// Fields

/** A choice among names. */
function choiceField<K extends 'problem' | 'budget' | 'network' | 'method' | 'variant' | 'recipe' | 'axes'>(
  key: K,
  names: readonly SharedExperiment[K][],
  afterRead?: (e: SharedExperiment) => void,
  versionless?: LinkField['versionless'],
): LinkField {
  return {
    key,
    ...(versionless ? { versionless } : {}),
    // The default network is the budget's; every other default is the plain default's.
    write: (e) => (e[key] === defaultExperiment(key === 'network' ? e.budget : undefined)[key] ? null : e[key]),
    read(raw, r) {
      const value = readEnum(raw, names);
      if (typeof value === 'string') r.e[key] = value;
      else r.fail(key, value.problem, usingDefault(r.e[key]));
      afterRead?.(r.e);
    },
  };
}

/** A parameter of the registry: written when its method uses it and it differs from its preset. */
function parameterField(spec: ParameterSpec): LinkField {
  const key = spec.key as SharedParameterKey;
  const read = (raw: unknown, mode: Mode): unknown => {
    switch (spec.kind) {
      case 'number': {
        const n = readNumber(raw, mode, spec.nullable);
        if (n !== null && typeof n === 'object') return n;
        return n === null || inRange(spec, n) ? n : { problem: `${shown(raw)} is out of range (${describeRange(spec as NumberSpec)})` };
      }
      case 'enum':
        return readEnum(raw, spec.values);
      case 'flag':
        return readFlag(raw);
      case 'vector':
        return { problem: 'not a setting a link carries' };
    }
  };
  return {
    key,
    write(e) {
      const value = e[key];
      if (value === undefined || value === presetOf(e, key) || !appliesToExperiment(key, e)) return null;
      return value === null ? 'all' : typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    },
    read(raw, r) {
      const preset = presetOf(r.e, key);
      const value = read(raw, r.mode);
      if (value !== null && typeof value === 'object') r.fail(key, (value as Problem).problem, `using the budget's value (${shownValue(preset)})`);
      else if (value !== preset) (r.e as Mutable)[key] = value;
    },
  };
}

const backendField: LinkField = {
  key: 'backend',
  versionless: 'runtime',
  write: (e) => e.backend,
  read(raw, r) {
    if (r.mode === 'json' && raw === null) return;
    const value = readEnum(raw, BACKEND_NAMES);
    if (typeof value === 'string') r.e.backend = value;
    else r.fail('backend', `${value.problem} (?backend=)`, 'using the automatic backend choice');
  },
};

const atOnceField: LinkField = {
  key: 'atOnce',
  versionless: 'runtime',
  write: (e) => (e.atOnce === null ? null : String(e.atOnce)),
  read(raw, r) {
    if (r.mode === 'json' && raw === null) return;
    const n = readNumber(raw, r.mode);
    if (n === null || typeof n === 'object') r.fail('atOnce', n === null ? `${shown(raw)} is not a number` : n.problem, "using the backend's choice");
    else if (!Number.isInteger(n) || n < 1 || n > MAX_RUNS_AT_ONCE) r.fail('atOnce', `${shown(raw)} is out of range (a whole number from 1 to ${MAX_RUNS_AT_ONCE})`, "using the backend's choice");
    else r.e.atOnce = n;
  },
};

const preferenceField: LinkField = {
  key: 'k',
  write: (e) => (e.k.every((v, i) => v === INITIAL_PREFERENCE[i]) ? null : formatVector(e.k)),
  read(raw, r) {
    const value = readPreference(raw, r.mode);
    if ('problem' in value) return r.fail('k', value.problem, usingDefault(r.e.k));
    r.e.k = value.value;
    if (value.note) r.fail('k', value.note.problem, value.note.action);
  },
};

const queueField: LinkField = {
  key: 'q',
  write: (e) => (e.q.length === 0 ? null : e.q.map(formatVector).join(';')),
  read(raw, r) {
    let items: unknown[];
    if (r.mode === 'link' && typeof raw === 'string') items = raw === '' ? [] : raw.split(';');
    else if (r.mode === 'json' && Array.isArray(raw)) items = raw;
    else return r.fail('q', `${shown(raw)} is not a list of preference vectors`, 'using an empty list');
    if (items.length > MAX_QUEUE) {
      r.fail('q', `${items.length} preference vectors, more than ${MAX_QUEUE}`, `the first ${MAX_QUEUE} are kept`);
      items = items.slice(0, MAX_QUEUE);
    }
    items.forEach((item, i) => {
      const value = readPreference(item, r.mode);
      if ('problem' in value) return r.fail(`q[${i + 1}]`, value.problem, 'left out of the list');
      // The list names each preference once (one run each); a repeat would queue the same run again.
      const first = r.e.q.findIndex((k) => k.every((v, j) => v === value.value[j]));
      if (first >= 0) return r.fail(`q[${i + 1}]`, `${fmtK(value.value)} is already in the list`, 'left out of the list');
      r.e.q.push(value.value);
      if (value.note) r.fail(`q[${i + 1}]`, value.note.problem, value.note.action);
    });
  },
};

/**
 * The teaching lab's preference: one weight per objective of the lab's problem (2, or the width problem's tasks). A
 * link that opens the lab is checked against its problem; otherwise the lab's problem is the page's (applyLab drops a
 * preference that does not fit it).
 */
const labPreferenceField: LinkField = {
  key: 'labK',
  versionless: 'labOnly',
  write: (e) => (e.labK === null ? null : formatVector(e.labK)),
  read(raw, r) {
    if (r.mode === 'json' && raw === null) return;
    const objectives = r.e.problem === 'fonseca-fleming' ? 2 : r.e.problem === 'width-transition' ? r.e.tasks : null;
    const length = objectives ?? entryCount(raw, r.mode) ?? 2;
    const read = readVector(raw, r.mode, length, objectives === null ? 'one weight per objective' : 'one weight per objective of the problem');
    if ('problem' in read) return r.fail('labK', read.problem, 'using the centre');
    if (length < 2 || length > 3) return r.fail('labK', `${shown(raw)} has ${plural(length, 'entry', 'entries')}, not 2 or 3`, 'using the centre');
    const value = checkWeights(read.value, raw);
    if ('problem' in value) return r.fail('labK', value.problem, 'using the centre');
    r.e.labK = value.value;
    if (value.note) r.fail('labK', value.note.problem, value.note.action);
  },
};

/** How many entries a vector has as written (null when it is not a list). */
function entryCount(raw: unknown, m: Mode): number | null {
  if (m === 'link' && typeof raw === 'string') return raw.split(',').length;
  if (m === 'json' && Array.isArray(raw)) return raw.length;
  return null;
}

const projectionField: LinkField = {
  key: 'projection',
  versionless: 'labOnly',
  write: (e) => (e.projection[0] === 1 && e.projection[1] === 2 ? null : formatVector(e.projection)),
  read(raw, r) {
    const read = readVector(raw, r.mode, 2, 'two objectives, from 1 to 3');
    if ('problem' in read) return r.fail('projection', read.problem, 'using objectives 1 and 2');
    const [i, j] = read.value;
    if (![i, j].every((v) => Number.isInteger(v) && v >= 1 && v <= 3) || i >= j) {
      return r.fail('projection', `${shown(raw)} is not two different objectives from 1 to 3, the smaller first`, 'using objectives 1 and 2');
    }
    // A link that opens a lab problem of two objectives shows them both: a third is said, not dropped silently. (A file's
    // projection is kept as it is: the lab draws 1 and 2 for such a problem, and the file's runs are not refused for it.)
    const objectives = r.e.problem === 'fonseca-fleming' ? 2 : r.e.problem === 'width-transition' ? r.e.tasks : null;
    if (r.mode === 'link' && objectives === 2 && j === 3) return r.fail('projection', `${shown(raw)} names objective 3, but the problem has 2 objectives`, 'using objectives 1 and 2');
    r.e.projection = [i, j];
  },
};

/**
 * The guided tour's open step, as its heading numbers it (1 to TOUR_STEP_COUNT); written only while the tour is open.
 * Only a view: opening it runs nothing (the step's own button does). The tour is the lab's: a link that opens the
 * explorer is told so; a file's is left out with the explorer's view (canonicalExperiment), as a file's projection
 * is kept lenient: its runs are not refused for a view.
 */
const tourField: LinkField = {
  key: 'tour',
  versionless: 'labOnly',
  write: (e) => (e.tour === undefined ? null : String(e.tour)),
  read(raw, r) {
    if (r.mode === 'json' && raw === null) return;
    const closed = 'the tour stays closed';
    const n = readNumber(raw, r.mode);
    if (n === null || typeof n === 'object') return r.fail('tour', n === null ? `${shown(raw)} is not a number` : n.problem, closed);
    if (!Number.isInteger(n) || n < 1 || n > TOUR_STEP_COUNT) return r.fail('tour', `${shown(raw)} is out of range (a whole number from 1 to ${TOUR_STEP_COUNT})`, closed);
    if (r.mode === 'link' && !isTeachingProblem(r.e.problem)) {
      return r.fail('tour', `${shown(raw)} is a step of the teaching lab's guided tour, but the link opens the explorer`, closed);
    }
    r.e.tour = n;
  },
};

/** An on/off setting: written as 1 when on, absent when off (its default). */
function flagField(key: 'sparsityAxis' | 'parallel', versionless?: LinkField['versionless']): LinkField {
  return {
    key,
    ...(versionless ? { versionless } : {}),
    write: (e) => (e[key] ? '1' : null),
    read(raw, r) {
      const value = readFlag(raw);
      if (typeof value === 'boolean') r.e[key] = value;
      else r.fail(key, value.problem, usingDefault(0));
    },
  };
}

const referenceField: LinkField = {
  key: 'reference',
  write: (e) => (e.reference === null ? null : formatVector(e.reference)),
  read(raw, r) {
    if (raw === null && r.mode === 'json') return void (r.e.reference = null);
    const value = readVector(raw, r.mode, 2, 'x, y');
    const automatic = 'using the automatic reference point';
    if ('problem' in value) r.fail('reference', value.problem, automatic);
    else if (value.value.some((x) => !Number.isFinite(x) || Math.abs(x) > REFERENCE_LIMIT)) r.fail('reference', `${shown(raw)} has an entry out of range`, automatic);
    else r.e.reference = [value.value[0], value.value[1]];
  },
};

/** A teaching-lab or sweep number: written when it differs from its default. The sweep's size is an explorer link's too. */
function labField(spec: (typeof LAB_PARAMETERS)[number]): LinkField {
  const key = spec.key;
  return {
    key,
    versionless: key === 'sweep' ? 'lab' : 'labOnly',
    write: (e) => (e[key] === spec.default ? null : String(e[key])),
    read(raw, r) {
      const n = readNumber(raw, r.mode);
      if (n === null || typeof n === 'object') r.fail(key, n === null ? `${shown(raw)} is not a number` : n.problem, usingDefault(r.e[key]));
      else if (!inRange(spec, n)) r.fail(key, `${shown(raw)} is out of range (${describeRange(spec)})`, usingDefault(r.e[key]));
      else if (key === 'tasks') r.e.tasks = n === 3 ? 3 : 2;
      else r.e[key] = n;
    },
  };
}

/** At most this many entries of a methods list are read (each method may be listed twice by mistake). */
const METHODS_READ = 2 * METHOD_KEYS.length;

const methodsField: LinkField = {
  key: 'methods',
  versionless: 'lab',
  write: (e) => (e.methods.length === DEFAULT_SWEEP_METHODS.length && e.methods.every((m, i) => m === DEFAULT_SWEEP_METHODS[i]) ? null : e.methods.join(',')),
  read(raw, r) {
    let items: unknown[];
    if (r.mode === 'link' && typeof raw === 'string') items = raw === '' ? [] : raw.split(',');
    else if (r.mode === 'json' && Array.isArray(raw)) items = raw;
    else return r.fail('methods', `${shown(raw)} is not a list of methods`, usingDefault(r.e.methods));
    const methods: MethodKey[] = [];
    items.slice(0, METHODS_READ).forEach((item, i) => {
      if (!isMethodKey(item)) return r.fail(`methods[${i + 1}]`, `${shown(item)} is not one of ${METHOD_KEYS.join(', ')}`, 'left out of the list');
      if (methods.includes(item)) return r.fail(`methods[${i + 1}]`, `${shown(item)} is listed twice`, 'left out of the list');
      methods.push(item);
    });
    if (items.length > METHODS_READ) r.fail('methods', `${items.length} entries, more than ${METHODS_READ}`, `the first ${METHODS_READ} are read`);
    // Entries none of which is a method (a typo in a shared link) would leave a lab that cannot sweep: the default
    // instead. An empty list as written (`methods=`: every method unticked) is kept.
    if (methods.length === 0 && items.length > 0) return r.fail('methods', 'no entry is a method', usingDefault(r.e.methods));
    r.e.methods = methods;
  },
};

/** Every field, in the order it is written and read. */
export const LINK_FIELDS: readonly LinkField[] = [
  choiceField('problem', PROBLEM_NAMES, undefined, 'lab'),
  choiceField('budget', BUDGET_NAMES, (e) => (e.network = BUDGETS[e.budget].network)),
  choiceField('network', NETWORK_NAMES),
  choiceField('method', METHOD_NAMES),
  choiceField('variant', VARIANT_NAMES),
  choiceField('recipe', RECIPE_NAMES),
  ...SHARED_PARAMETERS.map(parameterField),
  backendField,
  atOnceField,
  preferenceField,
  queueField,
  choiceField('axes', FRONT_METRICS),
  flagField('sparsityAxis'),
  referenceField,
  ...LAB_PARAMETERS.filter((p) => p.key !== 'sweep').map(labField),
  methodsField,
  ...LAB_PARAMETERS.filter((p) => p.key === 'sweep').map(labField),
  flagField('parallel', 'labOnly'),
  labPreferenceField,
  projectionField,
  tourField,
];
