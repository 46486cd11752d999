/**
 * Experiment settings: the choices (problem with the state of its data, budget, network, method, the AL variant
 * for Chebyshev-AL, sparse recipe) and the hyper-parameters, grouped, each derived from its declaration in the
 * experiment registry (the chosen method's own parameters; after them, apart, those only the methods of "Methods side by
 * side" read). An edited value is marked and kept until the budget changes. They apply to runs started or queued
 * afterwards.
 */
import { useExplorerStore } from './explorerStore';
import { useExplorerView } from './explorerView';
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
import { appliesTo, appliesToExperiment, ownerOf, namedConfigProblems, nearestBudget, presetValues, resolveConfig, parameterValuesOf, type ParameterValues } from '../../experiment/config';
import { SHARED_PARAMETERS, type SharedParameterKey } from '../../experiment/link/experiment';
import { GROUP_LABELS, PARAMETER_GROUPS } from '../../experiment/parameter';
import { BUDGETS } from '../../experiment/presets';
import { DataStatus } from '../data/DataStatus';
import { ParameterControl } from './ParameterControl';
import type { ExperimentSettings, TrainerConfig } from '../../experiment/config';
import type { SettingKey } from './explorerState';
import { useSweepStore } from '../compare/sweepStore';
import { methodOfKey, METHOD_STYLES } from '../compare/methodKeys';
import type { ParameterSpec } from '../../experiment/parameter';

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

/** The parameters' controls, in the registry's groups. */
function ParameterFields({ specs, values, preset }: { specs: readonly ParameterSpec[]; values: Partial<ParameterValues>; preset: ParameterValues }) {
  const setOverride = useExplorerStore((s) => s.setOverride);
  return PARAMETER_GROUPS.map((group) => {
    const inGroup = specs.filter((p) => p.group === group);
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
  });
}

/** Whether a run's config is the smoke-test budget's (kept by config: readings streaming in re-run the selector). */
const tinyConfigs = new WeakMap<TrainerConfig, boolean>();
function ofTinyBudget(config: TrainerConfig): boolean {
  let tiny = tinyConfigs.get(config);
  if (tiny === undefined) tinyConfigs.set(config, (tiny = nearestBudget(config).name === 'tiny'));
  return tiny;
}

export function ExperimentControls() {
  const settings = useExplorerStore((s) => s.settings);
  const preference = useExplorerStore((s) => s.preference);
  const setBudget = useExplorerStore((s) => s.setBudget);
  const sweepMethods = useSweepStore((s) => s.methods);
  const config = resolveConfig(settings, preference);
  const values = parameterValuesOf(config);
  const preset = presetValues(settings);
  const problems = namedConfigProblems(config, (p) => p.label);
  const weights = (network: (typeof NETWORK_NAMES)[number]) => `${Math.round(specParameterCount(ARCHITECTURES[settings.problem], network) / 1000)}k weights`;
  // The smoke-test budget is offered where a link asked for it, and for as long as runs of it are on the page (left for
  // quick, it could not be chosen again to add to them).
  const tinyRuns = useExplorerView((s) => s.runs.some((r) => ofTinyBudget(r.config)));
  const budgets: BudgetName[] = settings.budget === 'tiny' || tinyRuns ? ['quick', 'paper', 'tiny'] : ['quick', 'paper'];
  const own = SHARED_PARAMETERS.filter((p) => appliesTo(p.key, settings.method));
  // Common settings a run of this method does not read (a Pareto set model's prox, say) but a method Methods side by side
  // compares does: shown apart, saying whose. (Another method's own parameters stay with that method.)
  const sweepOnly = SHARED_PARAMETERS.filter(
    (p) => !ownerOf(p.key) && !appliesTo(p.key, settings.method) && appliesToExperiment(p.key, { method: settings.method, methods: sweepMethods }),
  );
  const readers = sweepMethods.filter((k) => sweepOnly.some((p) => appliesTo(p.key, methodOfKey(k).method))).map((k) => METHOD_STYLES[k].short);

  return (
    <section className="panel settings-panel" aria-labelledby="settings-heading">
      {/* Focusable: "Use these settings" brings the keyboard here, where the seed or a setting is changed next. */}
      <h2 id="settings-heading" tabIndex={-1}>
        Experiment
      </h2>
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
          <p className="choice-note" data-testid="method-note">
            MGDA takes the tasks' common descent direction of least norm: the preference's task weights k₁, k₂ do not steer it (k₀ still sets the
            sparsity's share), so runs that differ only in k₁, k₂ train alike.
          </p>
        )}
        {settings.method === 'psl' && (
          <p className="choice-note" data-testid="method-note">
            A Pareto set model trains its own schedule with row masks set by k₀: it does not read the settings of the sparse search
            and retraining (those the methods compared side by side read are under the hyper-parameters, apart).
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
        <ParameterFields specs={own} values={values} preset={preset} />
        {sweepOnly.length > 0 && (
          <div className="sweep-only-parameters" data-testid="sweep-only-parameters">
            <p className="choice-note">
              Not read by a {METHOD_STYLES[settings.method].short} run; read by the {readers.join(', ')} runs of Methods side by side:
            </p>
            <ParameterFields specs={sweepOnly} values={values} preset={preset} />
          </div>
        )}
      </details>
      {problems.length > 0 && (
        <p className="settings-problems" role="alert">
          {problems.join('; ')}
        </p>
      )}
    </section>
  );
}
