/**
 * Between the explorer's state and the shareable experiment: what a link carries of the state, and the state
 * a link (or an imported file) sets. Runs are not part of it (they persist in IndexedDB and travel in exported
 * files). Pure.
 */
import { canonicalExperiment, defaultExperiment, SCHEMA_VERSION, settingsOfExperiment, type SharedExperiment, type WorkerChoice } from '../../experiment/link/experiment';
import type { Preference } from '../../experiment/preference';
import type { ExplorerState } from '../explorer/explorerState';
import type { LabShared } from './labShared';

export type SharedPart = Pick<ExplorerState, 'settings' | 'preference' | 'plan' | 'front'>;

/** The teaching and sweep keys at their defaults (for callers without the lab's stores). */
function defaultLab(): LabShared {
  const { dimension, tasks, width, similarity, methods, sweep, parallel, labK, projection } = defaultExperiment();
  return { dimension, tasks, width, similarity, methods, sweep, parallel, labK, projection };
}

/** `lab`: the teaching lab's and the sweep's part (labShared.ts); its `problem` wins when the lab is shown. */
/** `worker`: what the page's worker was asked for (its backend, its runs at once). */
export function experimentOf(state: SharedPart, worker: WorkerChoice, lab: LabShared = defaultLab()): SharedExperiment {
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
    backend: worker.backend,
    atOnce: worker.atOnce,
    k: [...state.preference],
    q: state.plan.map((p) => [...p]),
    axes: front.metric,
    sparsityAxis: front.sparsityAxis,
    reference: front.reference ? [...front.reference] : null,
    ...lab,
  });
}

export function sharedPartOf(e: SharedExperiment): SharedPart {
  return {
    settings: settingsOfExperiment(e),
    preference: [...e.k] as Preference,
    plan: e.q.map((p) => [...p] as Preference),
    front: { metric: e.axes, sparsityAxis: e.sparsityAxis, reference: e.reference ? [e.reference[0], e.reference[1]] : null },
  };
}
