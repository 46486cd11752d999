/**
 * A run's setting: what its point must share with the other points of one front beside its method, preference and
 * seed — the network, the sparse recipe, the training budget and the problem. Points of different settings are no
 * points of one front (another network or schedule is another model), so the explorer's methods comparison and
 * `npm run front` take one setting at a time. Recipe and budget are presets, not recorded: each is told from the
 * values it sets, and an edited one is named by the preset it is nearest and what differs from it. Pure.
 */
import { nearestBudget, nearestRecipe, type NearestPreset, type TrainerConfig } from './config';

/** "held recipe", or an edited one by its differences: "held recipe, tieEvery epoch" (two edits are two settings). */
const presetText = (kind: string, p: NearestPreset<string>) => [`${p.name} ${kind}`, ...p.differences].join(', ');

/** A config's budget as a setting names it: "paper budget", or "paper budget, searchIterations 3, …" where edited. */
export const budgetText = (config: TrainerConfig): string => presetText('budget', nearestBudget(config));
/** A config's sparse recipe as a setting names it: "graded recipe", or "held recipe, tieEvery epoch" where edited. */
export const recipeText = (config: TrainerConfig): string => presetText('recipe', nearestRecipe(config));

function parts(config: TrainerConfig): { network: string; recipe: string; budget: string; problem: string } {
  return {
    network: config.network.toUpperCase(),
    recipe: recipeText(config),
    budget: budgetText(config),
    problem: config.problem,
  };
}

/** A config's setting in full (network, recipe, budget, problem): equal for configs of one setting. */
export function settingKey(config: TrainerConfig): string {
  const p = parts(config);
  return [p.network, p.recipe, p.budget, p.problem].join(' · ');
}

/**
 * Each config's setting as a label ("MDMTN · held recipe"), naming the budget and the problem only where the configs
 * differ in them (most sets of runs share both: the label stays short).
 */
export function settingLabels(configs: readonly TrainerConfig[]): string[] {
  const all = configs.map(parts);
  const varies = (key: 'budget' | 'problem') => new Set(all.map((p) => p[key])).size > 1;
  const withBudget = varies('budget');
  const withProblem = varies('problem');
  return all.map((p) => [p.network, p.recipe, ...(withBudget ? [p.budget] : []), ...(withProblem ? [p.problem] : [])].join(' · '));
}
