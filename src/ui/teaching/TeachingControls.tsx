/** The teaching problem and its parameters: Fonseca–Fleming's dimension; the width problem's k, q and similarity. */
import { useTeachingStore } from './teachingStore';
import { TEACHING_PROBLEM_LABELS, TEACHING_PROBLEM_NAMES, type TeachingProblemName } from '../../experiment/choices';
import { useState } from 'react';
import { LAB_PARAMETER_BY_KEY as LAB } from '../../experiment/labParameters';
import { RangedNumberInput } from '../RangedNumberInput';
import { describeProblem } from './teachingSettings';

export function TeachingControls() {
  const settings = useTeachingStore((s) => s.settings);
  const set = useTeachingStore((s) => s.setSettings);
  const numberOf = (e: React.ChangeEvent<HTMLInputElement>) => e.target.valueAsNumber;
  const [dimensionNote, setDimensionNote] = useState<string | null>(null);

  return (
    <section className="panel teaching-controls" aria-labelledby="teaching-problem-heading">
      <h2 id="teaching-problem-heading">Teaching problem</h2>
      <label>
        Problem{' '}
        <select value={settings.problem} onChange={(e) => set({ problem: e.target.value as TeachingProblemName })} data-testid="teaching-problem">
          {TEACHING_PROBLEM_NAMES.map((name) => (
            <option key={name} value={name}>
              {TEACHING_PROBLEM_LABELS[name]}
            </option>
          ))}
        </select>
      </label>
      {settings.problem === 'fonseca-fleming' ? (
        <>
          <label>
            Dimension n{' '}
            <RangedNumberInput
              value={settings.dimension}
              range={LAB.dimension}
              data-testid="teaching-dimension"
              onValue={(value) => set({ dimension: value })}
              onNote={setDimensionNote}
            />
          </label>
          {dimensionNote && (
            <p className="field-note" role="status" data-testid="teaching-dimension-note">
              {dimensionNote}
            </p>
          )}
          <p className="panel-note">
            f₁ = 1 − exp(−Σ(xᵢ − 1/√n)²), f₂ = 1 − exp(−Σ(xᵢ + 1/√n)²): two objectives, a concave front from (0, 0.98) to (0.98, 0), the same for every n.
          </p>
        </>
      ) : (
        <>
          <fieldset className="tasks-picker">
            <legend>Tasks m</legend>
            {([2, 3] as const).map((k) => (
              <label key={k} className="checkbox">
                <input type="radio" name="teaching-tasks" checked={settings.tasks === k} onChange={() => set({ tasks: k })} data-testid={`teaching-tasks-${k}`} /> {k}
              </label>
            ))}
          </fieldset>
          <label>
            Width q <output data-testid="teaching-width-value">{settings.width}</output>
            <input
              aria-label="Width q"
              type="range"
              min={LAB.width.min}
              max={LAB.width.max}
              step={1}
              value={settings.width}
              data-testid="teaching-width"
              onChange={(e) => set({ width: numberOf(e) })}
            />
          </label>
          <label>
            Task similarity ρ <output data-testid="teaching-similarity-value">{settings.similarity}</output>
            <input
              aria-label="Task similarity ρ"
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={settings.similarity}
              data-testid="teaching-similarity"
              onChange={(e) => set({ similarity: numberOf(e) })}
            />
          </label>
          <p className="panel-note">
            m regression tasks yᵢ = X bᵢ on shared inputs, model fᵢ(x) = xᵀW aᵢ with W of width q. q ≥ m: one point, no trade-off; q &lt; m: a trade-off
            curve (m = 2) or surface (m = 3). ρ = 1 makes the tasks identical.
          </p>
        </>
      )}
      <p className="panel-note" data-testid="teaching-description">
        Now: {describeProblem(settings)}.
      </p>
    </section>
  );
}
