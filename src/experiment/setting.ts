/**
 * A run's setting: what its point must share with the other points of one front beside its method, preference and
 * seed — the network, the sparse recipe, the training budget, the problem and any other hyper-parameter edited from
 * its method's preset (a learning rate, an optimiser). Points of different settings are no points of one front
 * (another network, schedule or learning rate is another model), so the explorer's methods comparison and
 * `npm run front` take one setting at a time. Recipe and budget are presets, not recorded: each is told from the
 * values it sets, and an edited one is named by the preset it is nearest and what differs from it. Pure.
 */
import { editedValues, nearestBudget, nearestRecipe, type NearestPreset, type TrainerConfig } from './config';

/** "held recipe", or an edited one by its differences: "held recipe, tieEvery epoch" (two edits are two settings). */
const presetText = (kind: string, p: NearestPreset<string>) => [`${p.name} ${kind}`, ...p.differences].join(', ');

/** A config's budget as a setting names it: "paper budget", or "paper budget, searchIterations 3, …" where edited. */
export const budgetText = (config: TrainerConfig): string => presetText('budget', nearestBudget(config));
/** A config's sparse recipe as a setting names it: "graded recipe", or "held recipe, tieEvery epoch" where edited. */
export const recipeText = (config: TrainerConfig): string => presetText('recipe', nearestRecipe(config));

function parts(config: TrainerConfig): { network: string; recipe: string; budget: string; problem: string; edits: string } {
  return {
    network: config.network.toUpperCase(),
    recipe: recipeText(config),
    budget: budgetText(config),
    problem: config.problem,
    edits: editedValues(config).join(', '),
  };
}

/** A config's setting in full (network, recipe, budget, problem, edited values): equal for configs of one setting. */
export function settingKey(config: TrainerConfig): string {
  const p = parts(config);
  return [p.network, p.recipe, p.budget, p.problem, ...(p.edits ? [p.edits] : [])].join(' · ');
}

/**
 * Each config's setting as a label ("MDMTN · held recipe"), naming the budget, the problem and the edited values only
 * where the configs differ in them (most sets of runs share them: the label stays short; "as preset" where some
 * configs have edits and this one none).
 */
export function settingLabels(configs: readonly TrainerConfig[]): string[] {
  const all = configs.map(parts);
  const varies = (key: 'budget' | 'problem' | 'edits') => new Set(all.map((p) => p[key])).size > 1;
  const withBudget = varies('budget');
  const withProblem = varies('problem');
  const withEdits = varies('edits');
  return all.map((p) =>
    [p.network, p.recipe, ...(withBudget ? [p.budget] : []), ...(withProblem ? [p.problem] : []), ...(withEdits ? [p.edits || 'as preset'] : [])].join(' · '),
  );
}
