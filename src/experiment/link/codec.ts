/**
 * The experiment in a link and back, in one loop each over the fields (fields.ts). `encodeExperiment` writes the
 * fields that differ from their defaults as `v=3&key=value&…` (this schema's version) (numbers in JavaScript's shortest round-trip form,
 * vectors as `a,b,c`, lists of vectors as `a,b,c;d,e,f`); `decodeFields` reads such fields — from a link
 * (strings) or from the `experiment` object of an exported file (JSON values) — field by field: a bad field gets a
 * message naming it and what was used instead, and every valid field is kept.
 * Symmetric: decode(encode(e)) = canonicalExperiment(e). Pure.
 */
import { canonicalExperiment, defaultExperiment, defaultsOfVersion, SCHEMA_VERSION, type SharedExperiment } from './experiment';
import { cutText, LINK_FIELDS, readNumber, shown, type FieldIssue, type LinkField, type Mode } from './fields';
import { DATA_PROBLEM_NAMES, isTeachingProblem } from '../choices';

export { shown, type FieldIssue } from './fields';

/** Keys in the order they are written and read. */
export const SHARED_KEYS: readonly string[] = ['v', ...LINK_FIELDS.map((f) => f.key)];
const SHARED_KEY_SET: ReadonlySet<string> = new Set(SHARED_KEYS);
export const isSharedKey = (key: string): boolean => SHARED_KEY_SET.has(key);

export const formatIssue = (i: FieldIssue) => `${i.field}: ${i.problem}; ${i.action}`;

/** The link fragment of an experiment: `v=3&…` with the fields that differ from their defaults; '' when none do. */
export function encodeExperiment(e: SharedExperiment): string {
  const canonical = canonicalExperiment(e);
  const parts: string[] = [];
  for (const field of LINK_FIELDS) {
    const text = field.write(canonical);
    if (text !== null) parts.push(`${field.key}=${encodeValue(text)}`);
  }
  return parts.length === 0 ? '' : [`v=${SCHEMA_VERSION}`, ...parts].join('&');
}

/** encodeURIComponent, but `,` and `;` (the vector separators) stay readable. */
function encodeValue(text: string): string {
  return encodeURIComponent(text).replace(/%2C/gi, ',').replace(/%3B/gi, ';');
}

export interface DecodedExperiment {
  experiment: SharedExperiment;
  /** One message per bad field, naming it and what was done instead. */
  problems: string[];
  /** The same, structured (an import refuses a file with any). */
  issues: FieldIssue[];
  /** The whole input was refused (future version, unreadable version); `experiment` is the default. */
  refused: boolean;
  /**
   * Set when the input had no `v` and so was read as a link made before versions, whose left-out recipe differs from
   * today's: says so, and how to get today's. Not a problem (such links keep their meaning), but not silent either.
   */
  readAsOlder?: string;
}

/** The keys of the fields that are versionless in one of these ways (fields.ts, LinkField.versionless). */
function versionlessKeys(...kinds: NonNullable<LinkField['versionless']>[]): ReadonlySet<string> {
  return new Set(LINK_FIELDS.filter((f) => f.versionless !== undefined && kinds.includes(f.versionless)).map((f) => f.key));
}

/** How this browser trains, not what: `?backend=webgpu` alone is no experiment of any version. */
const RUNTIME_KEYS = versionlessKeys('runtime');
/** The teaching lab's: a link that opens the lab with these alone (`#problem=width-transition&width=1`) is today's. */
const LAB_KEYS = versionlessKeys('lab', 'labOnly');
/** Of those, the keys no explorer link has: with one of them a link is the lab's even where its `problem` is mistyped or left out. */
const LAB_ONLY_KEYS = versionlessKeys('labOnly');

/**
 * Reads the version: absent means 1 when the experiment's fields are there (links made before versioning:
 * `?budget=tiny`), and this app's when none is (an address without an experiment, or with only `?backend=`, opens
 * the defaults).
 */
function readVersion(fields: ReadonlyMap<string, unknown>, mode: Mode): number | { problem: string } {
  if (!fields.has('v')) {
    const problem = fields.get('problem');
    const opensLab =
      isTeachingProblem(problem) ||
      (!(DATA_PROBLEM_NAMES as readonly unknown[]).includes(problem) && [...fields.keys()].some((key) => LAB_ONLY_KEYS.has(key)));
    const sameInEveryVersion = (key: string) => RUNTIME_KEYS.has(key) || (opensLab && LAB_KEYS.has(key));
    return [...fields.keys()].some((key) => isSharedKey(key) && !sameInEveryVersion(key)) ? 1 : SCHEMA_VERSION;
  }
  const raw = fields.get('v');
  const v = readNumber(raw, mode);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) return { problem: `${shown(raw)} is not a schema version` };
  // As typed (a whole number's digits: it was read as one), not as a float prints it (1e+21).
  if (v > SCHEMA_VERSION) return { problem: `schema version ${cutText(typeof raw === 'string' ? raw.trim() : String(raw))} is newer than this app's (${SCHEMA_VERSION})` };
  return v;
}

/**
 * Schema v1 gave every method the reference variant's raw f₀ when `variant=reference`; the variant is now
 * Chebyshev-AL's alone, so for another method of a v1 link (which had no `penalty`) it becomes the f₀ it meant. A
 * later link's penalty is its own: one that equals its preset is not stored, and must not read as "none given".
 */
function keepV1Meaning(e: SharedExperiment, version: number, fields: ReadonlyMap<string, unknown>): void {
  if (version !== 1 || fields.has('penalty')) return;
  if (e.method !== 'chebyshev-al' && e.variant === 'reference' && e.penalty === undefined) e.penalty = 'raw';
}

/** Reads fields (link text or JSON values, by key) into an experiment. Unknown keys are reported when `reportUnknown` is set. */
export function decodeFields(fields: ReadonlyMap<string, unknown>, mode: Mode, reportUnknown = true): DecodedExperiment {
  const version = readVersion(fields, mode);
  if (typeof version !== 'number') {
    const issue = { field: 'v', problem: version.problem, action: `the whole ${mode === 'link' ? 'link' : 'file'} was ignored` };
    return { experiment: defaultExperiment(), problems: [formatIssue(issue)], issues: [issue], refused: true };
  }
  const issues: FieldIssue[] = [];
  const reader = { mode, e: defaultsOfVersion(version), fail: (field: string, problem: string, action: string) => void issues.push({ field, problem, action }) };
  for (const field of LINK_FIELDS) if (fields.has(field.key)) field.read(fields.get(field.key), reader);
  keepV1Meaning(reader.e, version, fields);
  if (reportUnknown) {
    for (const key of fields.keys()) if (!isSharedKey(key)) reader.fail(key === '' ? '(a value without a key)' : shown(key), 'not a setting of this app', 'ignored');
  }
  const older = version < SCHEMA_VERSION && !fields.has('v') && !fields.has('recipe') && reader.e.recipe !== defaultExperiment().recipe;
  const readAsOlder = older
    ? `A link without a version (v=) is read as one from before versions: sparse recipe ${reader.e.recipe}, as those ran. Add v=${SCHEMA_VERSION} for today's default (${defaultExperiment().recipe}).`
    : undefined;
  return { experiment: canonicalExperiment(reader.e), problems: issues.map(formatIssue), issues, refused: false, ...(readAsOlder ? { readAsOlder } : {}) };
}
