/**
 * The experiment's list of preference vectors (part of the link): every preference run or queued, plus those a
 * link brought. "Run all" queues the ones without a run under the current settings and starts the queue, so
 * opening a shared link and pressing it reproduces the experiment's runs.
 */
import { useMemo } from 'react';
import type { ExplorerCommands } from './explorerCommands';
import { useExplorerStore } from './explorerStore';
import { explorerView, useExplorerView } from './explorerView';
import { useRunsStore } from '../runs/runsStore';
import { planEntries, planStatusText } from './preferencePlan';
import { FocusableButton } from '../FocusableButton';
import { kText } from '../../experiment/preference';
import { focusAfterRemoval } from '../focusAfterRemoval';

export function PreferencePlan({ commands, ready }: { commands: ExplorerCommands; ready: boolean }) {
  const plan = useExplorerStore((s) => s.plan);
  const settings = useExplorerStore((s) => s.settings);
  // Re-derive only when a run is added or changes state, not on every batch of readings.
  const runStates = useExplorerView((s) => s.runs.map((r) => `${r.id}:${r.state}`).join('|'));
  const removeFromPlan = useExplorerStore((s) => s.removeFromPlan);
  const clearPlan = useExplorerStore((s) => s.clearPlan);
  const setPreference = useExplorerStore((s) => s.setPreference);
  const entries = useMemo(() => {
    void runStates;
    const { runs } = explorerView(useRunsStore.getState(), useExplorerStore.getState());
    return planEntries({ plan, settings, runs });
  }, [plan, settings, runStates]);
  const pending = entries.filter((e) => e.status === 'to run').length;

  return (
    <section className="panel plan-panel" aria-labelledby="plan-heading">
      <h2 id="plan-heading">Preference list</h2>
      {entries.length === 0 ? (
        <p className="panel-note">Preferences you run or queue are listed here and travel with the link.</p>
      ) : (
        <ol className="plan-list" data-testid="plan-list">
          {entries.map((e, i) => (
            <li key={e.preference.join(',')} data-testid="plan-entry" data-status={e.status}>
              <button type="button" className="plan-k" title="Put this preference in the editor" onClick={() => setPreference(e.preference)}>
                {kText(e.preference)}
              </button>{' '}
              <span
                className={`plan-status plan-${e.status.replace(' ', '-')}`}
                title={
                  !e.byModel
                    ? undefined
                    : e.status === 'done'
                      ? 'The Pareto set model stands for this preference: drag the handle here to read its answer, and Pin this point to keep it as a point'
                      : 'The Pareto set model, once trained, stands for this preference (no run trains at it)'
                }
              >
                {planStatusText(e)}
              </span>
              <button
                type="button"
                className="plan-remove"
                aria-label={`Remove ${kText(e.preference)} from the list`}
                onClick={(event) => {
                  // The entry leaves with the focus on its ×: the next entry's × takes it, else the previous one's, else
                  // what follows the list (Run all).
                  const list = event.currentTarget.closest('ol');
                  const next = list && focusAfterRemoval([...list.querySelectorAll<HTMLElement>('.plan-remove')], event.currentTarget, list);
                  removeFromPlan(i);
                  next?.focus();
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      <div className="button-row">
        <FocusableButton onClick={commands.runAll} disabled={!ready || pending === 0} data-testid="run-all">
          Run all{pending > 0 ? ` (${pending})` : ''}
        </FocusableButton>
        <FocusableButton onClick={clearPlan} disabled={entries.length === 0}>
          Clear list
        </FocusableButton>
      </div>
    </section>
  );
}
