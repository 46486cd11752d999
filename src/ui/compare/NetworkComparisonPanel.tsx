/**
 * The network explorer's runs by method: the front view's axes with the finished runs of one setting (network,
 * recipe, budget) in their methods' colours and markers, and each method's hypervolume against the front view's
 * reference point. Where runs of several settings are finished, a choice of which setting to show.
 */
import { useEffect, useRef } from 'react';
import type { ExplorerCommands } from '../explorer/explorerCommands';
import { modelRun } from '../explorer/paretoModel';
import { useSweepStore } from './sweepStore';
import { useExplorerStore } from '../explorer/explorerStore';
import { FigureDownload } from '../charts/FigureDownload';
import { useExplorerView } from '../explorer/explorerView';
import { MethodFrontChart } from './MethodFrontChart';
import { showRunDetails } from '../explorer/RunDetails';
import { MethodTable } from './MethodTable';
import { explorerComparison } from './explorerComparison';
import { runsOfSetting, shownSetting } from '../explorer/shownSetting';
import { SettingChoice } from '../explorer/SettingChoice';
import { keyOfMethod, METHOD_STYLES } from './methodKeys';
import { parsePending, pendingText } from './methodSummary';
import { isEnded } from '../runs/runRecord';
import { networkSweepExtra, networkSweepMissing, networkSweepSize } from './networkSweep';
import { unequalSparsityText } from './networkComparison';

export function NetworkComparisonPanel({ commands }: { commands: Pick<ExplorerCommands, 'askModelGrid'> }) {
  const { chart, summaries, reference, shown, modelAnswers, sparsity } = useExplorerView(explorerComparison);
  const sparsityAxis = useExplorerStore((s) => s.front.sparsityAxis);
  // Named as the table below names them.
  const unequal = unequalSparsityText(sparsity, sparsityAxis, (key) => METHOD_STYLES[key].short);
  // A finished Pareto set model in a sweep with it is read at the sweep's preferences, point for point with the runs.
  const model = useExplorerView((s) => {
    const run = modelRun(s.runs, s.settings.problem, shownSetting(s).shown);
    return run?.state === 'finished' ? run.id : null;
  });
  const withModel = useSweepStore((s) => s.methods.includes('psl'));
  const size = useSweepStore((s) => s.size);
  const sweepK0 = useExplorerStore((s) => s.sweepK0);
  // The sweep's own number of preferences (the one it ran; the box's among equals, or where none ran).
  const swept = useExplorerView((s) => networkSweepSize(runsOfSetting(s.runs, shown), sweepK0, size));
  // Asked again when the sweep's number changes (a sweep at another size that a model of before is compared with).
  useEffect(() => {
    if (model && withModel) void commands.askModelGrid();
  }, [commands, model, withModel, swept, sweepK0]);
  // Runs to come and a sweep's coverage, of the setting shown.
  const pending = useExplorerView((s) => pendingText(runsOfSetting(s.runs, shown).map((r) => ({ key: keyOfMethod(r.config.method), ended: isEnded(r) }))));
  // A sweep cut short (Stop, a failed run, a reload mid-sweep) covers part of its grid only.
  const missing = useExplorerView((s) => networkSweepMissing(runsOfSetting(s.runs, shown), sweepK0, swept));
  // Runs of the user's own beside the sweep's count too: said, since they can decide the ranking.
  const extra = useExplorerView((s) => networkSweepExtra(runsOfSetting(s.runs, shown), sweepK0, swept));
  const section = useRef<HTMLElement>(null);
  return (
    <section className="panel front-panel" aria-labelledby="network-methods-heading" ref={section}>
      <h2 id="network-methods-heading">Methods side by side</h2>
      {chart.points.length === 0 && !chart.live && (chart.curves ?? []).length === 0 ? (
        // Nothing to compare yet: an empty plot would show only the reference point, on made-up axes.
        <p className="front-empty-note" data-testid="network-methods-empty">
          No finished runs yet. Each finished run appears here in its method&apos;s colour and marker; the panel “Sweep and compare methods”
          trains several methods at the same preferences.
        </p>
      ) : (
        <>
          <SettingChoice testId="network-methods-setting" />
          <MethodFrontChart
            data={chart}
            label="Finished runs by scalarization method"
            testId="network-method-chart"
            // A model's answer opens the model's run; a run's point, its run.
            onSelect={(id) => showRunDetails(modelAnswers.find((a) => a.id === id)?.run ?? id, true)}
          />
          {unequal && (
            <p className="panel-note" data-testid="network-methods-sparsity">
              {unequal}
            </p>
          )}
          {extra && (
            <p className="panel-note" data-testid="network-methods-extra">
              {extra}
            </p>
          )}
          <MethodTable summaries={summaries} reference={reference} exact={false} pending={parsePending(pending)} missing={parsePending(missing)} gridSize={swept} models={new Set(modelAnswers.map((a) => a.run)).size} />
          <p className="panel-note">
            Same axes as the Pareto front above, and its reference point (automatic: 10 % beyond the worst finished run of this problem, in any
            setting; at most 100 % on an error axis); a method&apos;s hypervolume counts
            only its own runs. A Pareto set model in the sweep counts by its answers at the sweep&apos;s preferences (test subset); one trained outside a
            sweep, by the curve the front above draws for it; either way its training time once. <FigureDownload target={() => section.current?.querySelector<SVGSVGElement>('svg') ?? null} name="methods-side-by-side" what="the methods side by side" />
          </p>
        </>
      )}
    </section>
  );
}
