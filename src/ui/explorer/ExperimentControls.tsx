/**
 * Experiment settings: the choices (problem with the state of its data, budget, network, method, the AL variant
 * for Chebyshev-AL, sparse recipe) and the hyper-parameters, grouped, each derived from its declaration in the
 * experiment registry (only the chosen method's own parameters are shown). An edited value is marked and kept until
 * the budget changes. They apply to runs started or queued afterwards.
 */
import { useExplorerStore } from './explorerStore';
import { ARCHITECTURES, specParameterCount } from '../../engine/architectures';
import {
  DATA_PROBLEM_NAMES,
  METHOD_LABELS,
  METHOD_NAMES,
  NETWORK_LABELS,
  NETWORK_NAMES,
  PROBLEM_LABELS,
  RECIPE_DESCRIPTIONS,
  RECIPE_LABELS,
  RECIPE_NAMES,
  VARIANT_LABELS,
  VARIANT_NAMES,
  type BudgetName,
} from '../../experiment/choices';
import { appliesTo, namedConfigProblems, presetValues, resolveConfig, parameterValuesOf, type ParameterValues } from '../../experiment/config';
import { SHARED_PARAMETERS, type SharedParameterKey } from '../../experiment/link/experiment';
import { GROUP_LABELS, PARAMETER_GROUPS } from '../../experiment/parameter';
import { BUDGETS } from '../../experiment/presets';
import { DataStatus } from '../data/DataStatus';
import { ParameterControl } from './ParameterControl';
import type { ExperimentSettings } from '../../experiment/config';
import type { SettingKey } from './explorerState';

function ChoiceSelect<K extends SettingKey>({ name, label, values, labels, settings }: { name: K; label: string; values: readonly ExperimentSettings[K][]; labels: (v: ExperimentSettings[K]) => string; settings: ExperimentSettings }) {
  const setSetting = useExplorerStore((s) => s.setSetting);
  return (
    <label>
      {label}
      <select value={settings[name]} onChange={(e) => setSetting(name, e.target.value as ExperimentSettings[K])} data-testid={name}>
        {values.map((v) => (
          <option key={v} value={v}>
            {labels(v)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ExperimentControls() {
  const settings = useExplorerStore((s) => s.settings);
  const preference = useExplorerStore((s) => s.preference);
  const setBudget = useExplorerStore((s) => s.setBudget);
  const setOverride = useExplorerStore((s) => s.setOverride);
  const config = resolveConfig(settings, preference);
  const values = parameterValuesOf(config);
  const preset = presetValues(settings);
  const problems = namedConfigProblems(config, (p) => p.label);
  const weights = (network: (typeof NETWORK_NAMES)[number]) => `${Math.round(specParameterCount(ARCHITECTURES[settings.problem], network) / 1000)}k weights`;
  const budgets: BudgetName[] = settings.budget === 'tiny' ? ['quick', 'paper', 'tiny'] : ['quick', 'paper'];
  const shown = SHARED_PARAMETERS.filter((p) => appliesTo(p.key, settings.method));

  return (
    <section className="panel settings-panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Experiment</h2>
      <div className="settings-main">
        <ChoiceSelect name="problem" label="Problem" values={DATA_PROBLEM_NAMES} settings={settings} labels={(p) => `${PROBLEM_LABELS[p]} (${ARCHITECTURES[p].inputShape.join('×')})`} />
        <DataStatus problem={settings.problem} />
        <label>
          Budget
          <select value={settings.budget} onChange={(e) => setBudget(e.target.value as BudgetName)} data-testid="budget">
            {budgets.map((b) => (
              <option key={b} value={b}>
                {BUDGETS[b].label(settings.problem)}
              </option>
            ))}
          </select>
        </label>
        <ChoiceSelect name="network" label="Network" values={NETWORK_NAMES} settings={settings} labels={(n) => `${NETWORK_LABELS[n]}, ${weights(n)}`} />
        <ChoiceSelect name="method" label="Method" values={METHOD_NAMES} settings={settings} labels={(m) => METHOD_LABELS[m]} />
        {settings.method === 'mgda' && (
          <p className="field-note" data-testid="method-note">
            MGDA takes the tasks' common descent direction of least norm: the preference's task weights k₁, k₂ do not steer it (k₀ still sets the
            sparsity's share), so runs that differ only in k₁, k₂ train alike.
          </p>
        )}
        {settings.method === 'psl' && (
          <p className="field-note" data-testid="method-note">
            A Pareto set model trains its own schedule with row masks set by k₀: the settings of the sparse search and retraining it
            does not read are not shown (a sweep&apos;s other methods still use them).
          </p>
        )}
        {settings.method === 'chebyshev-al' && <ChoiceSelect name="variant" label="AL variant" values={VARIANT_NAMES} settings={settings} labels={(v) => VARIANT_LABELS[v]} />}
        <ChoiceSelect name="recipe" label="Sparse recipe" values={RECIPE_NAMES} settings={settings} labels={(r) => RECIPE_LABELS[r]} />
        <p className="choice-note" data-testid="recipe-note">
          {RECIPE_DESCRIPTIONS[settings.recipe]}
        </p>
      </div>
      <details className="hyper-parameters">
        <summary>Hyper-parameters</summary>
        {PARAMETER_GROUPS.map((group) => {
          const inGroup = shown.filter((p) => p.group === group);
          if (inGroup.length === 0) return null;
          return (
            <fieldset key={group} className="field-grid">
              <legend>{GROUP_LABELS[group]}</legend>
              {inGroup.map((spec) => {
                const key = spec.key as SharedParameterKey;
                return (
                  <ParameterControl
                    key={key}
                    spec={spec}
                    value={values[key] as ParameterValues[SharedParameterKey]}
                    preset={preset[key]}
                    onChange={(v) => setOverride(key, v as ParameterValues[SharedParameterKey] | undefined)}
                  />
                );
              })}
            </fieldset>
          );
        })}
      </details>
      {problems.length > 0 && (
        <p className="settings-problems" role="alert">
          {problems.join('; ')}
        </p>
      )}
    </section>
  );
}
