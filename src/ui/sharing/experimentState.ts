/**
 * Between the explorer's state and the shareable experiment: what a link carries of the state, and the state
 * a link (or an imported file) sets. Runs are not part of it (they persist in IndexedDB and travel in exported
 * files). Pure.
 */
import type { BackendName } from '../../workers/protocol';
import { EDITABLE_FIELDS, type Overrides } from '../explorer/budgets';
import type { ExplorerState } from '../explorer/explorerState';
import type { Preference } from '../explorer/simplex';
import { canonicalExperiment, defaultExperiment } from './experimentDefaults';
import { networkProblemOf, SCHEMA_VERSION, type SharedExperiment } from './experimentSchema';
import type { LabShared } from './labShared';

export type SharedPart = Pick<ExplorerState, 'settings' | 'preference' | 'plan' | 'front'>;

/** The teaching and sweep keys at their defaults (for callers without the lab's stores). */
function defaultLab(): LabShared {
  const { dimension, tasks, width, similarity, methods, sweep } = defaultExperiment();
  return { dimension, tasks, width, similarity, methods, sweep };
}

/** `lab`: the teaching lab's and the sweep's part (labShared.ts); its `problem` wins when the lab is shown. */
export function experimentOf(state: SharedPart, backend: BackendName | null, lab: LabShared = defaultLab()): SharedExperiment {
  const { settings, front } = state;
  const overrides = Object.fromEntries(Object.entries(settings.overrides).filter(([, v]) => v !== undefined));
  return canonicalExperiment({
    v: SCHEMA_VERSION,
    problem: settings.problem,
    budget: settings.budget,
    network: settings.network,
    method: settings.method,
    variant: settings.variant,
    recipe: settings.recipe,
    ...overrides,
    backend,
    k: [...state.preference],
    q: state.plan.map((p) => [...p]),
    axes: front.metric,
    sparsityAxis: front.sparsityAxis,
    reference: front.reference ? [...front.reference] : null,
    ...lab,
  });
}

export function sharedPartOf(e: SharedExperiment): SharedPart {
  // The schema allows null only where the field is nullable (the subsets); its static type is looser.
  const overrides: Record<string, number | null> = {};
  for (const field of EDITABLE_FIELDS) if (e[field] !== undefined) overrides[field] = e[field] as number | null;
  return {
    settings: { problem: networkProblemOf(e.problem), budget: e.budget, network: e.network, method: e.method, variant: e.variant, recipe: e.recipe, overrides: overrides as Overrides },
    preference: [...e.k] as Preference,
    plan: e.q.map((p) => [...p] as Preference),
    front: { metric: e.axes, sparsityAxis: e.sparsityAxis, reference: e.reference ? [e.reference[0], e.reference[1]] : null },
  };
}
