/**
 * Every run of the explorer (queued, active, finished, failed, stopped); click one to see its details. An ended run
 * can be deleted (asked first): from the page, the front and this browser's storage.
 */
import { memo, useMemo, useRef } from 'react';
import { focusAfterRemoval } from '../focusAfterRemoval';
import { ConfirmButton } from '../ConfirmButton';
import type { ExplorerCommands } from './explorerCommands';
import { PROBLEM_LABELS } from '../../experiment/choices';
import { isEnded, preferenceText, type NetworkRun } from '../runs/runRecord';
import { useExplorerStore } from './explorerStore';
import { useExplorerView } from './explorerView';
import { keyOfMethod, METHOD_STYLES } from '../compare/methodKeys';
import { listedSettingLabels } from './shownSetting';

type ItemProps = { run: NetworkRun; selected: boolean; deleteRun: ExplorerCommands['deleteRun']; setting: string | undefined };

/** Readings change the record many times a second but nothing the entry shows. */
const sameEntry = (a: ItemProps, b: ItemProps) =>
  a.selected === b.selected && a.setting === b.setting && a.run.id === b.run.id && a.run.ordinal === b.run.ordinal && a.run.state === b.run.state && a.run.error === b.run.error && a.run.config === b.run.config && a.run.retargets === b.run.retargets;

/** One entry; it re-renders only when what it shows changes. */
const RunItem = memo(function RunItem({ run, selected, deleteRun, setting }: ItemProps) {
  const selectRun = useExplorerStore((s) => s.selectRun);
  const { id, ordinal, state, error } = run;
  const { problem } = run.config;
  // A sweep lists several methods' runs at the same preferences: the method tells them apart.
  const style = METHOD_STYLES[keyOfMethod(run.config.method)];
  const button = useRef<HTMLButtonElement>(null);
  const deleteAndRefocus = () => {
    // The entry leaves with the focus in it: the next run's button takes it, else the previous one's, else what
    // follows the list (the list goes with its last run).
    const list = button.current?.closest('section');
    const next = list && button.current ? focusAfterRemoval([...list.querySelectorAll<HTMLElement>('.run-button')], button.current, list) : null;
    deleteRun(id);
    next?.focus();
  };
  return (
    <li data-testid="run-item" data-state={state} data-run-id={id}>
      <button type="button" ref={button} className={`run-button run-${state}`} aria-pressed={selected} onClick={() => selectRun(selected ? null : id)}>
        <span className="run-name">run {ordinal}</span>{' '}
        <span className="run-problem" data-testid="run-problem">
          {PROBLEM_LABELS[problem] ?? problem}
        </span>{' '}
        <span className="run-problem" title={style.label} data-testid="run-method">
          {style.short}
        </span>{' '}
        {setting && (
          <>
            <span className="run-problem" data-testid="run-setting">
              {setting}
            </span>{' '}
          </>
        )}
        <span className="run-k" data-retargeted={run.retargets.length > 0 || undefined}>{preferenceText(run)}</span> <span className="run-state">{run.pin ? `pinned off run ${run.pin.ordinal}'s model` : state}</span>
        {error && <span className="run-error"> — {error}</span>}
      </button>
      {/* A queued or training run is ended by Stop or the queue, not deleted. */}
      {isEnded(run) && (
        <ConfirmButton
          label="Delete"
          ariaLabel={`Delete run ${ordinal}`}
          question={`Delete run ${ordinal} from the front and this browser?`}
          confirm="Delete"
          onConfirm={deleteAndRefocus}
          testId="run-delete"
          className="run-delete"
        />
      )}
    </li>
  );
}, sameEntry);

export function RunList({ commands }: { commands: Pick<ExplorerCommands, 'deleteRun'> }) {
  const runs = useExplorerView((s) => s.runs);
  const selected = useExplorerStore((s) => s.selectedRunId);
  // Runs of several settings (another recipe, network or budget) are told apart by it.
  const settings = useMemo(() => listedSettingLabels(runs), [runs]);
  if (runs.length === 0) return null;
  return (
    <section className="panel run-list" aria-labelledby="run-list-heading">
      <h2 id="run-list-heading">Runs</h2>
      <ol>
        {runs.map((run) => (
          <RunItem key={run.id} run={run} selected={run.id === selected} deleteRun={commands.deleteRun} setting={settings.get(run.id)} />
        ))}
      </ol>
    </section>
  );
}
