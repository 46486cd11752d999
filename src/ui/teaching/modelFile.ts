/**
 * A trained Pareto set model as a file of its own (the lab's "Download the model"): its config (problem, seed,
 * method parameters: everything that rebuilds it), the hypernetwork's layout and values, and its answers at the saved
 * preferences. θ(k) = θ₀ + W₃ relu(W₂ relu(W₁ k + b₁) + b₂) + b₃, with θ₀ the problem's seeded start
 * (engine/psl/hypernetwork.ts, docs/decisions/pareto-set-learning.md). Pure.
 */
import { hypernetworkShapes } from '../../engine/psl/hypernetworkShape';
import { problemObjectives, problemParameterCount } from '../../engine/teaching/config';
import type { TeachingRun } from '../runs/runRecord';

export const MODEL_FILE_FORMAT = 'paretoscope-pareto-set-model';

/** The file's text, or null for a run without a model. */
export function modelFileText(run: TeachingRun): string | null {
  const { paretoSet, config } = run;
  if (!paretoSet || config.method.name !== 'psl') return null;
  const shape = { objectives: problemObjectives(config.problem), hidden: config.method.pslHidden, outputs: problemParameterCount(config.problem) };
  const names = ['W1', 'b1', 'W2', 'b2', 'W3', 'b3'];
  return JSON.stringify({
    format: MODEL_FILE_FORMAT,
    version: 1,
    model: 'theta(k) = theta0 + W3 relu(W2 relu(W1 k + b1) + b2) + b3; theta0 = the problem’s seeded start; k a row vector',
    config,
    layout: hypernetworkShapes(shape).map((s, i) => ({ name: names[i], shape: s })),
    values: paretoSet.model,
    answers: { preferences: paretoSet.preferences, objectives: paretoSet.objectives },
  });
}
