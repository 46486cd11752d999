/**
 * Experiment settings: problem (with the state of its data), budget, network, method, AL variant, sparse recipe and the key
 * hyper-parameters (the paper's settings for the problem and network, or the budget's preset; an edited value is
 * marked and kept until the budget changes). They apply to runs started or queued afterwards.
 */
import { useExplorerStore } from './explorerStore';
import { budgetLabel, resolveConfig, settingsPreset, type BudgetName, type EditableField } from './budgets';
import type { AlVariant } from '../../engine/chebyshev';
import { ARCHITECTURES, DATA_PROBLEM_NAMES, PROBLEM_LABELS, specParameterCount, type NetworkKind, type ProblemName } from '../../engine/architectures';
import { DataStatus } from '../data/DataStatus';
import { configProblems, SPARSE_RECIPE_LABELS, SPARSE_RECIPES, type SparseRecipe } from '../../engine/config';
import { METHOD_LABELS } from '../../engine/methods/settings';
import { METHOD_NAMES, type MethodName } from '../../engine/methods/types';

interface FieldSpec {
  field: EditableField;
  label: string;
  step: number | 'any';
  /** Empty input means null ("all") for the subset fields. */
  nullable?: boolean;
}

const FIELDS: FieldSpec[] = [
  { field: 'learningRate', label: 'Learning rate', step: 'any' },
  { field: 'lrDecay', label: 'LR decay γ per outer iteration', step: 'any' },
  { field: 'batchSize', label: 'Batch size', step: 1 },
  { field: 'searchIterations', label: 'Search outer iterations', step: 1 },
  { field: 'retrainIterations', label: 'Retrain outer iterations', step: 1 },
  { field: 'plainIterations', label: 'Plain-run outer iterations (k₀ = 0)', step: 1 },
  { field: 'innerEpochs', label: 'Epochs per outer iteration', step: 1 },
  { field: 'retrainInnerEpochs', label: 'Retrain epochs per outer iteration', step: 1 },
  { field: 'proxScale', label: 'Prox scale s_prox (PHR)', step: 'any' },
  { field: 'apPreference', label: 'Affinity propagation preference', step: 'any' },
  { field: 'minSparsity', label: 'Min. sparsity % for the best model', step: 'any' },
  { field: 'maxLayerSparsity', label: 'Max. layer sparsity', step: 'any' },
  { field: 'mu0', label: 'Initial penalty μ₀', step: 'any' },
  { field: 'rho', label: 'Penalty growth ρ', step: 'any' },
  { field: 'smoothMu', label: 'Smooth Tchebycheff μ_s', step: 'any' },
  { field: 'mirrorStepSize', label: 'Mirror descent step η_λ', step: 'any' },
  { field: 'seed', label: 'Seed', step: 1 },
  { field: 'trainSubset', label: 'Training images (empty = all)', step: 1, nullable: true },
  { field: 'valSubset', label: 'Validation images (empty = all)', step: 1, nullable: true },
  { field: 'testSubset', label: 'Test images (empty = all)', step: 1, nullable: true },
];

export function ExperimentControls() {
  const settings = useExplorerStore((s) => s.settings);
  const preference = useExplorerStore((s) => s.preference);
  const setBudget = useExplorerStore((s) => s.setBudget);
  const setSetting = useExplorerStore((s) => s.setSetting);
  const setOverride = useExplorerStore((s) => s.setOverride);
  const config = resolveConfig(settings, preference);
  const preset = settingsPreset(settings);
  const problems = configProblems(config);
  const weights = (kind: NetworkKind) => `${Math.round(specParameterCount(ARCHITECTURES[settings.problem], kind) / 1000)}k`;
  const budgets: BudgetName[] = settings.budget === 'tiny' ? ['quick', 'paper', 'tiny'] : ['quick', 'paper'];

  return (
    <section className="panel settings-panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Experiment</h2>
      <div className="settings-main">
        <label>
          Problem
          <select value={settings.problem} onChange={(e) => setSetting('problem', e.target.value as ProblemName)} data-testid="problem">
            {DATA_PROBLEM_NAMES.map((p) => (
              <option key={p} value={p}>
                {PROBLEM_LABELS[p]} ({ARCHITECTURES[p].inputShape.join('×')})
              </option>
            ))}
          </select>
        </label>
        <DataStatus problem={settings.problem} />
        <label>
          Budget
          <select value={settings.budget} onChange={(e) => setBudget(e.target.value as BudgetName)} data-testid="budget">
            {budgets.map((b) => (
              <option key={b} value={b}>
                {budgetLabel(b, settings.problem)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Network
          <select value={settings.network} onChange={(e) => setSetting('network', e.target.value as NetworkKind)} data-testid="network">
            <option value="hps">HPS (hard parameter sharing, {weights('hps')} weights)</option>
            <option value="mdmtn">MDMTN (monitors, {weights('mdmtn')} weights)</option>
          </select>
        </label>
        <label>
          Method
          <select value={settings.method} onChange={(e) => setSetting('method', e.target.value as MethodName)} data-testid="method">
            {METHOD_NAMES.map((m) => (
              <option key={m} value={m}>
                {METHOD_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label>
          AL variant
          <select value={settings.variant} onChange={(e) => setSetting('variant', e.target.value as AlVariant)} data-testid="variant">
            <option value="phr">PHR (inequality constraints)</option>
            <option value="reference">reference (authors&apos; code)</option>
          </select>
        </label>
        <label title="How the sparse search prunes and how retraining ties rows (engine/config.ts SPARSE_RECIPES)">
          Sparse recipe
          <select value={settings.recipe} onChange={(e) => setSetting('recipe', e.target.value as SparseRecipe)} data-testid="recipe">
            {SPARSE_RECIPES.map((r) => (
              <option key={r} value={r}>
                {SPARSE_RECIPE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <details className="hyper-parameters">
        <summary>Hyper-parameters</summary>
        <div className="field-grid">
          {FIELDS.map(({ field, label, step, nullable }) => {
            const value = config[field];
            const edited = settings.overrides[field] !== undefined && settings.overrides[field] !== preset[field];
            return (
              <label key={field} className={edited ? 'edited' : undefined}>
                {label}
                <input
                  type="number"
                  step={step}
                  value={value === null ? '' : String(value)}
                  placeholder={nullable ? 'all' : undefined}
                  data-testid={`setting-${field}`}
                  onChange={(e) => {
                    const raw = e.target.value;
                    if (raw === '') setOverride(field, nullable ? null : undefined);
                    else if (Number.isFinite(e.target.valueAsNumber)) setOverride(field, e.target.valueAsNumber);
                  }}
                />
              </label>
            );
          })}
        </div>
      </details>
      {problems.length > 0 && (
        <p className="settings-problems" role="alert">
          {problems.join('; ')}
        </p>
      )}
    </section>
  );
}
