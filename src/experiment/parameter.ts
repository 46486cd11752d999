/**
 * What a parameter of the experiment is, as data: its key (the config field, the link key and the name every
 * message uses), kind and allowed values, default (a value, or a function of the problem, network and method),
 * CLI flag, label, one-line help and group. parameters.ts and methodParameters.ts declare the parameters with
 * the builders below; the config checks, the link codec, the zod schemas, the CLI and the controls are derived
 * from those declarations. Pure.
 */
import { z } from 'zod';
import type { AlVariant, MethodName, NetworkKind, ProblemName } from './choices';

/** What a default may depend on. */
export interface PresetContext {
  problem: ProblemName;
  network: NetworkKind;
  method: MethodName;
  /** Chebyshev-AL's variant (its multipliers' defaults depend on it). */
  variant: AlVariant;
  /** Entries of the preference vector (sparsity + tasks). */
  objectives: number;
  /** A teaching-lab run (a problem with an exact front) rather than a network's. */
  teaching: boolean;
}

/** Where a parameter sits among the controls and in the CLI's help. */
export const PARAMETER_GROUPS = ['schedule', 'optimizer', 'sparsity', 'method', 'data', 'run'] as const;
export type ParameterGroup = (typeof PARAMETER_GROUPS)[number];
export const GROUP_LABELS: Record<ParameterGroup, string> = {
  schedule: 'Schedule',
  optimizer: 'Optimiser',
  sparsity: 'Sparsity and tying',
  method: 'Method',
  data: 'Data',
  run: 'Run',
};

/** A run of one preference with sparsity (k₀ > 0: search, prox, clustering, retraining) or without (k₀ = 0). */
export type RunKind = 'sparse' | 'plain';
export const runKindOf = (preference: readonly number[]): RunKind => ((preference[0] ?? 0) > 0 ? 'sparse' : 'plain');

interface CommonSpec<K extends string, V> {
  key: K;
  /** The control's label. */
  label: string;
  /** One line: the CLI's help and the control's tooltip. */
  help: string;
  group: ParameterGroup;
  default: V | ((ctx: PresetContext) => V);
  /** The CLI flag without its dashes (absent: not on the command line). */
  cli?: string;
  /**
   * The flag's former name, without its dashes: still read (commands in older notes keep running) but not listed in
   * --help or the docs; the command lines read it as `cli` right after parsing (cli.ts currentFlagNames).
   */
  formerCli?: string;
  /** In links, exported experiments and the explorer's controls (false: set by the engine or by presets only). */
  shared?: boolean;
  /**
   * Methods whose runs do not read it (a Pareto set model has no prox, clustering or outer iterations): it is hidden
   * from their controls, left out of their links, and refused on their command line.
   */
  notFor?: readonly MethodName[];
  /**
   * Only runs of one preference with sparsity (k₀ > 0: search, prox, clustering, retraining) or only those without it
   * (k₀ = 0: plain outer iterations) read it; a command line refuses it for runs that would not (a Pareto set model
   * reads the sparse schedule for its own: psl/network/config.ts).
   */
  readBy?: RunKind;
  /**
   * For a parameter added after configs were first stored: what a stored config without it ran (saved runs and
   * exported files are read with this value; configSchema.ts migrateConfig).
   */
  absentMeans?: V;
}

export interface NumberRange {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** min itself is not allowed (a positive number). */
  minExclusive?: boolean;
}

export interface NumberSpec<K extends string = string> extends CommonSpec<K, number | null>, NumberRange {
  kind: 'number';
  /** null ("all", written `all` in a link, empty in a control) is allowed. */
  nullable?: boolean;
  /** +∞ is allowed besides the range (the reference AL's uncapped μ). */
  infinite?: boolean;
  /** Placeholder of an empty control when nullable ("all"). */
  nullLabel?: string;
}

export interface EnumSpec<K extends string = string, V extends string = string> extends CommonSpec<K, V> {
  kind: 'enum';
  values: readonly V[];
  /** The words of each value in a control (the value itself when absent). */
  labels?: Partial<Record<V, string>>;
}

export interface FlagSpec<K extends string = string> extends CommonSpec<K, boolean> {
  kind: 'flag';
}

/** One number per objective (sparsity + tasks); engine-internal, never shared. */
export interface VectorSpec<K extends string = string> extends CommonSpec<K, number[]> {
  kind: 'vector';
}

export type ParameterSpec = NumberSpec | EnumSpec | FlagSpec | VectorSpec;

// Builders: they keep each declaration's literal types (key, values, nullable, shared), from which the config's
// types are derived.
export const numberParameter = <const S extends Omit<NumberSpec, 'kind' | 'default'> & { default: S['nullable'] extends true ? Default<number | null> : Default<number> }>(
  spec: S,
): S & { kind: 'number' } => ({ kind: 'number', ...spec });
export const enumParameter = <const V extends string, const S extends Omit<EnumSpec<string, V>, 'kind'>>(spec: S & { values: readonly V[] }): S & { kind: 'enum' } => ({ kind: 'enum', ...spec });
export const flagParameter = <const S extends Omit<FlagSpec, 'kind'>>(spec: S): S & { kind: 'flag' } => ({ kind: 'flag', ...spec });
export const vectorParameter = <const S extends Omit<VectorSpec, 'kind'>>(spec: S): S & { kind: 'vector' } => ({ kind: 'vector', ...spec });

type Default<V> = V | ((ctx: PresetContext) => V);

/** The value type of a declaration. */
export type ValueOf<P> = P extends { kind: 'number'; nullable: true }
  ? number | null
  : P extends { kind: 'number' }
    ? number
    : P extends { kind: 'enum'; values: readonly (infer V)[] }
      ? V
      : P extends { kind: 'flag' }
        ? boolean
        : P extends { kind: 'vector' }
          ? number[]
          : never;

/** The values of a table of declarations, by key. */
export type ValuesOf<T extends readonly { key: string }[]> = { [P in T[number] as P['key']]: ValueOf<P> };

/** The keys of the declarations that links, files and controls do not carry. */
export type UnsharedKey<T extends readonly { key: string }[]> = Extract<T[number], { shared: false }>['key'];

export function defaultOf<P extends ParameterSpec>(spec: P, ctx: PresetContext): ValueOf<P> {
  const d = spec.default as ValueOf<P> | ((c: PresetContext) => ValueOf<P>);
  return typeof d === 'function' ? d(ctx) : d;
}

export const isShared = (spec: ParameterSpec): boolean => spec.shared !== false;

/** "a whole number from 1 to 4096", "a number greater than 0 and at most 10", … */
export function describeRange(spec: NumberRange & { nullable?: boolean; infinite?: boolean }): string {
  const kind = spec.integer ? 'a whole number' : 'a number';
  const range = spec.minExclusive ? `greater than ${spec.min} and at most ${spec.max}` : `from ${spec.min} to ${spec.max}`;
  return `${kind} ${range}${spec.infinite ? ' (or Infinity)' : ''}${spec.nullable ? ' (or all)' : ''}`;
}

/**
 * The nearest allowed value of a control's entry, and — when that is not what was typed — the sentence that says
 * so ("Dimension n is a whole number from 2 to 50: 50 is used"), so that nothing is changed silently.
 */
export function clampToRange(spec: NumberRange & { label: string }, typed: number): { value: number; note: string | null } {
  const rounded = spec.integer ? Math.round(typed) : typed;
  const value = Math.min(spec.max, Math.max(spec.min, rounded));
  return { value, note: value === typed ? null : `${spec.label} is ${describeRange({ ...spec, minExclusive: false })}: ${value} is used` };
}

/** Whether a number lies in the range (never null). */
export function inRange(spec: NumberRange & { infinite?: boolean }, v: number): boolean {
  if (spec.infinite && v === Number.POSITIVE_INFINITY) return true;
  return Number.isFinite(v) && (spec.minExclusive ? v > spec.min : v >= spec.min) && v <= spec.max && (!spec.integer || Number.isInteger(v));
}

/** What is wrong with a value of a parameter ('' when nothing), for messages like "seed must be …". */
export function valueProblem(spec: ParameterSpec, value: unknown, objectives: number): string {
  switch (spec.kind) {
    case 'number':
      if (value === null && spec.nullable) return '';
      return typeof value === 'number' && inRange(spec, value) ? '' : `must be ${describeRange(spec)}`;
    case 'enum':
      return typeof value === 'string' && (spec.values as readonly string[]).includes(value) ? '' : `must be one of ${spec.values.join(', ')}`;
    case 'flag':
      return typeof value === 'boolean' ? '' : 'must be true or false';
    case 'vector':
      return Array.isArray(value) && value.length === objectives && value.every((v) => typeof v === 'number' && Number.isFinite(v))
        ? ''
        : `must be ${objectives} finite numbers (one per objective)`;
  }
}

/** A number within the range (never null), with the range in its message. */
export function rangeSchema(spec: NumberRange & { infinite?: boolean; nullable?: boolean }) {
  const message = `must be ${describeRange({ ...spec, nullable: false })}`;
  // zod's number() refuses ±∞ by itself.
  const base = spec.infinite ? z.custom<number>((v) => typeof v === 'number', { error: message }) : z.number({ error: message });
  return base.refine((v) => inRange(spec, v), { error: message });
}

/** The zod schema of a parameter's typed value (links' JSON form, saved configs). */
export function parameterSchema(spec: ParameterSpec): z.ZodType {
  switch (spec.kind) {
    case 'number':
      return spec.nullable ? rangeSchema(spec).nullable() : rangeSchema(spec);
    case 'enum':
      return z.enum(spec.values as [string, ...string[]]);
    case 'flag':
      return z.boolean();
    case 'vector':
      return z.array(z.number().refine(Number.isFinite, { error: 'must be finite' })).min(1).max(16);
  }
}
