/**
 * The experiment in a link and back. `encodeExperiment` writes the non-default fields of a SharedExperiment as
 * `v=1&key=value&…` (numbers in JavaScript's shortest round-trip form, vectors as `a,b,c`, lists of vectors as
 * `a,b,c;d,e,f`); `decodeFields` reads such fields — from a link (strings) or from the `experiment` object of
 * an exported file (JSON values) — field by field: a bad field gets a message naming it and its default, and
 * every valid field is kept. Symmetric: decode(encode(e)) = canonicalExperiment(e). Pure.
 *
 * Hostile input: values are only ever parsed (never evaluated), echoed back in messages quoted and cut to 40
 * characters, and shown as React text. Preference vectors with positive entries that do not sum to 1 are
 * renormalised (and rounded to 3 decimals) with a message; vectors with a negative, non-finite or missing
 * entry are rejected with a message (the editor's `k` falls back to its default, a list entry is left out).
 */
import { EDITABLE_FIELDS, type EditableField } from '../explorer/budgets';
import { roundPreference } from '../explorer/simplex';
import { BACKEND_NAMES } from '../../workers/protocol';
import { METHOD_NAMES } from '../../engine/methods/types';
import { isMethodKey, METHOD_KEYS } from '../compare/methodKeys';
import { canonicalExperiment, defaultExperiment, presetValue } from './experimentDefaults';
import {
  BUDGET_NAMES,
  describeRange,
  FRONT_METRICS,
  LAB_NUMBER_FIELDS,
  LAB_NUMBER_SPECS,
  MAX_QUEUE,
  NETWORK_NAMES,
  NUMBER_SPECS,
  NUMBER_SCHEMAS,
  plainNumberSchema,
  PREFERENCE_TOLERANCE,
  PROBLEM_NAMES,
  RECIPE_NAMES,
  SCHEMA_VERSION,
  VARIANT_NAMES,
  type SharedExperiment,
} from './experimentSchema';

type Mode = 'link' | 'json';
type Preference = [number, number, number];

/** Keys in the order they are written and read (budget, variant and recipe before the hyper-parameters they preset). */
export const SHARED_KEYS = [
  'v',
  'problem',
  'budget',
  'network',
  'method',
  'variant',
  'recipe',
  ...EDITABLE_FIELDS,
  'backend',
  'k',
  'q',
  'axes',
  'sparsityAxis',
  'reference',
  'dimension',
  'tasks',
  'width',
  'similarity',
  'methods',
  'sweep',
] as const satisfies readonly (keyof SharedExperiment)[];

const SHARED_KEY_SET: ReadonlySet<string> = new Set(SHARED_KEYS);
export const isSharedKey = (key: string): boolean => SHARED_KEY_SET.has(key);

// ---------------------------------------------------------------------------------------------------------
// Writing

export function formatNumber(v: number): string {
  return String(v);
}
const formatVector = (v: readonly number[]) => v.map(formatNumber).join(',');
const sameVector = (a: readonly number[] | null, b: readonly number[] | null) =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]));

function fieldText(e: SharedExperiment, key: (typeof SHARED_KEYS)[number]): string | null {
  // The network's default is the budget's; every other default is the plain default's.
  const d = { ...defaultExperiment(), network: defaultExperiment(e.budget).network };
  switch (key) {
    case 'v':
      return null; // written first, always
    case 'problem':
    case 'budget':
    case 'network':
    case 'method':
    case 'variant':
    case 'recipe':
    case 'axes':
      return e[key] === d[key] ? null : e[key];
    case 'backend':
      return e.backend === null ? null : e.backend;
    case 'k':
      return sameVector(e.k, d.k) ? null : formatVector(e.k);
    case 'q':
      return e.q.length === 0 ? null : e.q.map(formatVector).join(';');
    case 'sparsityAxis':
      return e.sparsityAxis ? '1' : null;
    case 'reference':
      return e.reference === null ? null : formatVector(e.reference);
    case 'dimension':
    case 'tasks':
    case 'width':
    case 'similarity':
    case 'sweep':
      return e[key] === d[key] ? null : formatNumber(e[key]);
    case 'methods':
      return e.methods.length === d.methods.length && e.methods.every((m, i) => m === d.methods[i]) ? null : e.methods.join(',');
    default: {
      const value = e[key];
      if (value === undefined || value === presetValue(e, key)) return null;
      return value === null ? 'all' : formatNumber(value);
    }
  }
}

/** The link fragment of an experiment: `v=1&…` with the non-default fields; '' when everything is default. */
export function encodeExperiment(e: SharedExperiment): string {
  const parts: string[] = [];
  for (const key of SHARED_KEYS) {
    const text = fieldText(e, key);
    if (text !== null) parts.push(`${key}=${encodeValue(text)}`);
  }
  return parts.length === 0 ? '' : [`v=${SCHEMA_VERSION}`, ...parts].join('&');
}

/** encodeURIComponent, but `,` and `;` (the vector separators) stay readable. */
function encodeValue(text: string): string {
  return encodeURIComponent(text).replace(/%2C/gi, ',').replace(/%3B/gi, ';');
}

// ---------------------------------------------------------------------------------------------------------
// Reading

/** How a value is echoed in a message: quoted, cut to 40 characters. */
export function shown(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : (JSON.stringify(raw) ?? String(raw));
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return typeof raw === 'string' ? JSON.stringify(cut) : cut;
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number from link text or a JSON value; a string describing the problem otherwise. */
function readNumber(raw: unknown, mode: Mode, nullable = false): number | null | { problem: string } {
  if (nullable && (raw === null || raw === 'all')) return null;
  if (mode === 'link' && typeof raw === 'string' && NUMBER_TEXT.test(raw.trim())) return Number(raw.trim());
  if (mode === 'json' && typeof raw === 'number') return raw;
  return { problem: `${shown(raw)} is not a number` };
}

type VectorRead = { value: number[] } | { problem: string };

function readVector(raw: unknown, mode: Mode, length: number, what: string): VectorRead {
  let entries: unknown[];
  if (mode === 'link' && typeof raw === 'string') entries = raw.split(',');
  else if (mode === 'json' && Array.isArray(raw)) entries = raw;
  else return { problem: `${shown(raw)} is not a list of ${length} numbers (${what})` };
  if (entries.length !== length) return { problem: `${shown(raw)} has ${entries.length} entries, not ${length} (${what})` };
  const value: number[] = [];
  for (const entry of entries) {
    const n = readNumber(entry, mode);
    if (n === null || typeof n === 'object') return { problem: `${shown(raw)} has an entry that is not a number` };
    value.push(n);
  }
  return { value };
}

const fmtK = (k: readonly number[]) => `(${k.join(', ')})`;

/** A preference vector, renormalised when its entries are ≥ 0 but do not sum to 1. */
function readPreference(raw: unknown, mode: Mode): { value: Preference; note?: { problem: string; action: string } } | { problem: string } {
  const read = readVector(raw, mode, 3, 'sparsity, task 1, task 2');
  if ('problem' in read) return read;
  const k = read.value;
  if (k.some((v) => !Number.isFinite(v) || Math.abs(v) > 1e6)) return { problem: `${shown(raw)} has an entry out of range` };
  if (k.some((v) => v < 0)) return { problem: `${shown(raw)} has a negative entry` };
  const sum = k[0] + k[1] + k[2];
  if (sum <= 0) return { problem: `${shown(raw)} is all zeros` };
  if (Math.abs(sum - 1) <= PREFERENCE_TOLERANCE) return { value: k as Preference };
  const fixed = roundPreference(k.map((v) => v / sum));
  return { value: fixed, note: { problem: `${fmtK(k)} sums to ${Number(sum.toPrecision(6))}, not 1`, action: `renormalised to ${fmtK(fixed)}` } };
}

function readEnum<T extends string>(raw: unknown, names: readonly T[]): T | { problem: string } {
  if (typeof raw === 'string' && (names as readonly string[]).includes(raw)) return raw as T;
  return { problem: `${shown(raw)} is not one of ${names.join(', ')}` };
}

/** What was wrong with one field, and what was done about it. */
export interface FieldIssue {
  field: string;
  problem: string;
  /** "using the default (…)", "left out of the list", "renormalised to (…)", … */
  action: string;
}

export const formatIssue = (i: FieldIssue) => `${i.field}: ${i.problem}; ${i.action}`;

export interface DecodedExperiment {
  experiment: SharedExperiment;
  /** One message per bad field, naming it and what was done instead. */
  problems: string[];
  /** The same, structured (an import refuses a file with any). */
  issues: FieldIssue[];
  /** The whole input was refused (future version, unreadable version); `experiment` is the default. */
  refused: boolean;
}

/**
 * Reads fields (link text or JSON values, by key) into an experiment. `v` missing means version 1 (links made
 * before versioning: `?budget=tiny`). Unknown keys are reported when `reportUnknown` is set.
 */
export function decodeFields(fields: ReadonlyMap<string, unknown>, mode: Mode, reportUnknown = true): DecodedExperiment {
  const issues: FieldIssue[] = [];
  const refuse = (problem: string): DecodedExperiment => {
    const issue = { field: 'v', problem, action: `the whole ${mode === 'link' ? 'link' : 'file'} was ignored` };
    return { experiment: defaultExperiment(), problems: [formatIssue(issue)], issues: [issue], refused: true };
  };

  if (fields.has('v')) {
    const v = readNumber(fields.get('v'), mode);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      return refuse(`${shown(fields.get('v'))} is not a schema version`);
    }
    if (v > SCHEMA_VERSION) {
      return refuse(`schema version ${v} is newer than this app's (${SCHEMA_VERSION})`);
    }
  }

  const e = defaultExperiment();
  const fail = (field: string, problem: string, action: string) => issues.push({ field, problem, action });
  const usingDefault = (value: unknown) => `using the default (${Array.isArray(value) ? value.join(', ') : String(value)})`;
  const has = (key: string) => fields.has(key);
  const raw = (key: string) => fields.get(key);

  const enumField = <K extends 'problem' | 'budget' | 'network' | 'method' | 'variant' | 'recipe' | 'axes'>(key: K, names: readonly SharedExperiment[K][]) => {
    if (!has(key)) return;
    const r = readEnum(raw(key), names);
    if (typeof r === 'string') e[key] = r;
    else fail(key, r.problem, usingDefault(e[key]));
  };
  enumField('problem', PROBLEM_NAMES);
  enumField('budget', BUDGET_NAMES);
  e.network = defaultExperiment(e.budget).network;
  enumField('network', NETWORK_NAMES);
  enumField('method', METHOD_NAMES);
  enumField('variant', VARIANT_NAMES);
  enumField('recipe', RECIPE_NAMES);

  for (const field of EDITABLE_FIELDS) readOverride(field);
  function readOverride(field: EditableField) {
    if (!has(field)) return;
    const spec = NUMBER_SPECS[field];
    const budgetValue = presetValue(e, field);
    const fallback = `using the budget's value (${budgetValue === null ? 'all' : budgetValue})`;
    const n = readNumber(raw(field), mode, spec.nullable);
    if (n !== null && typeof n === 'object') return fail(field, n.problem, fallback);
    if (!NUMBER_SCHEMAS[field].safeParse(n).success) return fail(field, `${shown(raw(field))} is out of range (${describeRange(spec)})`, fallback);
    if (n !== budgetValue) e[field] = n;
  }

  if (has('backend') && !(mode === 'json' && raw('backend') === null)) {
    const r = readEnum(raw('backend'), BACKEND_NAMES);
    if (typeof r === 'string') e.backend = r;
    else fail('backend', `${r.problem} (?backend=)`, 'using the automatic backend choice');
  }

  if (has('k')) {
    const r = readPreference(raw('k'), mode);
    if ('problem' in r) fail('k', r.problem, usingDefault(e.k));
    else {
      e.k = r.value;
      if (r.note) fail('k', r.note.problem, r.note.action);
    }
  }

  if (has('q')) readQueue(raw('q'));
  function readQueue(q: unknown) {
    let items: unknown[];
    if (mode === 'link' && typeof q === 'string') items = q === '' ? [] : q.split(';');
    else if (mode === 'json' && Array.isArray(q)) items = q;
    else return fail('q', `${shown(q)} is not a list of preference vectors`, 'using an empty list');
    if (items.length > MAX_QUEUE) {
      fail('q', `${items.length} preference vectors, more than ${MAX_QUEUE}`, `the first ${MAX_QUEUE} are kept`);
      items = items.slice(0, MAX_QUEUE);
    }
    items.forEach((item, i) => {
      const r = readPreference(item, mode);
      if ('problem' in r) return fail(`q[${i + 1}]`, r.problem, 'left out of the list');
      e.q.push(r.value);
      if (r.note) fail(`q[${i + 1}]`, r.note.problem, r.note.action);
    });
  }

  enumField('axes', FRONT_METRICS);
  if (has('sparsityAxis')) {
    const v = raw('sparsityAxis');
    if (v === true || v === '1' || v === 'true') e.sparsityAxis = true;
    else if (v === false || v === '0' || v === 'false') e.sparsityAxis = false;
    else fail('sparsityAxis', `${shown(v)} is not 0 or 1`, usingDefault(0));
  }
  if (has('reference')) {
    const v = raw('reference');
    if (v === null && mode === 'json') e.reference = null;
    else {
      const r = readVector(v, mode, 2, 'x, y');
      if ('problem' in r) fail('reference', r.problem, 'using the automatic reference point');
      else if (r.value.some((x) => !Number.isFinite(x) || Math.abs(x) > 1e6)) fail('reference', `${shown(v)} has an entry out of range`, 'using the automatic reference point');
      else e.reference = [r.value[0], r.value[1]];
    }
  }

  for (const field of LAB_NUMBER_FIELDS) {
    if (!has(field)) continue;
    const spec = LAB_NUMBER_SPECS[field];
    const n = readNumber(raw(field), mode);
    if (n === null || typeof n === 'object') fail(field, n === null ? `${shown(raw(field))} is not a number` : n.problem, usingDefault(e[field]));
    else if (!plainNumberSchema(spec).safeParse(n).success) fail(field, `${shown(raw(field))} is out of range (${describeRange(spec)})`, usingDefault(e[field]));
    else if (field === 'tasks') e.tasks = n === 3 ? 3 : 2;
    else e[field] = n;
  }
  if (has('methods')) readMethods(raw('methods'));
  function readMethods(v: unknown) {
    let items: unknown[];
    if (mode === 'link' && typeof v === 'string') items = v === '' ? [] : v.split(',');
    else if (mode === 'json' && Array.isArray(v)) items = v;
    else return fail('methods', `${shown(v)} is not a list of methods`, usingDefault(e.methods));
    const methods: (typeof METHOD_KEYS)[number][] = [];
    items.slice(0, 2 * METHOD_KEYS.length).forEach((item, i) => {
      if (!isMethodKey(item)) return fail(`methods[${i + 1}]`, `${shown(item)} is not one of ${METHOD_KEYS.join(', ')}`, 'left out of the list');
      if (methods.includes(item)) return fail(`methods[${i + 1}]`, `${shown(item)} is listed twice`, 'left out of the list');
      methods.push(item);
    });
    if (items.length > 2 * METHOD_KEYS.length) fail('methods', `${items.length} entries, more than ${2 * METHOD_KEYS.length}`, `the first ${2 * METHOD_KEYS.length} are read`);
    e.methods = methods;
  }

  if (reportUnknown) {
    for (const key of fields.keys()) if (!isSharedKey(key)) fail(shown(key), 'not a setting of this app', 'ignored');
  }
  return { experiment: canonicalExperiment(e), problems: issues.map(formatIssue), issues, refused: false };
}
