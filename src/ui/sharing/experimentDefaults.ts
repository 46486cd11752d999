/**
 * Defaults of the shareable experiment and its canonical form (the values a link leaves out). Pure.
 */
import { budgetNetwork, EDITABLE_FIELDS, settingsPreset, type BudgetName, type EditableField, type PresetKeys } from '../explorer/budgets';
import { INITIAL_PREFERENCE } from '../explorer/explorerState';
import { DEFAULT_PROBLEM } from '../../engine/architectures';
import { DEFAULT_SWEEP } from '../compare/sweepStore';
import { DEFAULT_TEACHING } from '../teaching/teachingSettings';
import { networkProblemOf, SCHEMA_VERSION, type SharedExperiment } from './experimentSchema';

export function defaultExperiment(budget: BudgetName = 'quick'): SharedExperiment {
  return {
    v: SCHEMA_VERSION,
    problem: DEFAULT_PROBLEM,
    budget,
    network: budgetNetwork(budget),
    method: 'chebyshev-al',
    variant: 'phr',
    recipe: 'paper',
    backend: null,
    k: [...INITIAL_PREFERENCE],
    q: [],
    axes: 'loss',
    sparsityAxis: false,
    reference: null,
    dimension: DEFAULT_TEACHING.dimension,
    tasks: DEFAULT_TEACHING.tasks,
    width: DEFAULT_TEACHING.width,
    similarity: DEFAULT_TEACHING.similarity,
    methods: [...DEFAULT_SWEEP.methods],
    sweep: DEFAULT_SWEEP.size,
  };
}

/** The value a hyper-parameter has when the experiment does not set it: the budget's preset (for that problem, network, method, variant, recipe). */
export function presetValue(e: Pick<SharedExperiment, PresetKeys>, field: EditableField): number | null {
  return settingsPreset({ ...e, problem: networkProblemOf(e.problem) })[field];
}

/** The experiment without the hyper-parameters that equal the budget's preset (they are left out of links). */
export function canonicalExperiment(e: SharedExperiment): SharedExperiment {
  const out: SharedExperiment = { ...e };
  for (const field of EDITABLE_FIELDS) {
    if (out[field] === undefined || out[field] === presetValue(e, field)) delete out[field];
  }
  return out;
}
