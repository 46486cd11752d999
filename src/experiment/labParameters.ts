/**
 * The teaching lab's problem parameters and the sweeps' settings (SPEC §7), declared once: the link, the teaching
 * controls and the sweep controls read their ranges, defaults and words from here. Pure.
 */
import { METHOD_KEYS, TEACHING_PROBLEM_NAMES, type MethodKey } from './choices';
import { numberParameter, type ValuesOf } from './parameter';

export const LAB_PARAMETERS = [
  numberParameter({ key: 'dimension', integer: true, min: 2, max: 50, default: 2, label: 'Dimension n', help: "Fonseca–Fleming's number of decision variables", group: 'run' }),
  numberParameter({ key: 'tasks', integer: true, min: 2, max: 3, default: 2, label: 'Tasks k', help: "the width problem's number of regression tasks", group: 'run' }),
  numberParameter({ key: 'width', integer: true, min: 1, max: 8, default: 1, label: 'Width q', help: "the width of the width problem's shared layer", group: 'run' }),
  numberParameter({ key: 'similarity', min: 0, max: 1, default: 0.5, label: 'Task similarity ρ', help: 'how alike the tasks are (1: identical)', group: 'run' }),
  numberParameter({ key: 'sweep', integer: true, min: 1, max: 50, default: 5, label: 'Preferences per method', help: 'preference vectors a sweep runs per method', group: 'run' }),
] as const;

export type LabValues = ValuesOf<typeof LAB_PARAMETERS>;
export type LabKey = keyof LabValues;
export const LAB_PARAMETER_BY_KEY = Object.fromEntries(LAB_PARAMETERS.map((p) => [p.key, p])) as { [K in LabKey]: Extract<(typeof LAB_PARAMETERS)[number], { key: K }> };

export const DEFAULT_TEACHING_PROBLEM: (typeof TEACHING_PROBLEM_NAMES)[number] = 'fonseca-fleming';
/** The methods a sweep compares unless told otherwise. */
export const DEFAULT_SWEEP_METHODS: readonly MethodKey[] = ['linear', 'chebyshev-al'];
/** A sweep lists each method at most once; a link may list up to twice as many entries before the rest are cut. */
export const MAX_SWEEP_METHODS = METHOD_KEYS.length;
