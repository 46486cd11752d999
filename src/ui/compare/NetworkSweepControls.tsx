/**
 * The explorer's "Sweep and compare methods" panel: the shared sweep controls on the network problem's task split,
 * saying how much of the sweep exists already with the current settings (networkSweep.ts networkSweepStanding).
 */
import { useEffect, useMemo } from 'react';
import { useExplorerStore } from '../explorer/explorerStore';
import { useExplorerView, type ExplorerView } from '../explorer/explorerView';
import { networkSweepEntries, networkSweepStanding } from './networkSweep';
import { SweepControls } from './SweepControls';
import { useSweepStore } from './sweepStore';
import { sweepFinished } from './sweepStanding';
import { networkTaskGrid } from './sweepGrid';

export function NetworkSweepControls({ ready, onSweep }: { ready: boolean; onSweep(): void }) {
  const settings = useExplorerStore((s) => s.settings);
  const preference = useExplorerStore((s) => s.preference);
  const methods = useSweepStore((s) => s.methods);
  const size = useSweepStore((s) => s.size);
  const entries = useMemo(() => networkSweepEntries(settings, preference, { methods, size }), [settings, preference, methods, size]);
  // Memoised: the same object while the runs' states are (the view hook needs a stable answer).
  const standing = useExplorerView((view: ExplorerView) => networkSweepStanding(view.runs, entries));
  // The plan's queued runs in a queue that is not going (after a reload, or Stop): Sweep goes on with them.
  const stopped = useExplorerView((view) => view.loop.state === 'idle' && !view.loop.processing);
  const waiting = stopped ? standing.coming : 0;
  // A sweep whose runs all exist at the editor's k₀ is the one compared there (Sweep, not offered again, would have
  // said so): the model is read at this k₀, and the missing preferences counted on its grid.
  const k0 = preference[0];
  const sweepK0 = useExplorerStore((s) => s.sweepK0);
  const setSweepK0 = useExplorerStore((s) => s.setSweepK0);
  const finished = sweepFinished(standing);
  useEffect(() => {
    if (finished && sweepK0 !== k0) setSweepK0(k0);
  }, [finished, k0, sweepK0, setSweepK0]);
  // Near k₀ = 1 the tasks' share holds fewer distinct points at the grid's 4 decimals than asked.
  const gridPoints = useMemo(() => networkTaskGrid(k0, size).length, [k0, size]);
  return (
    <SweepControls
      objectives={2}
      ready={ready}
      onSweep={onSweep}
      standing={standing}
      waiting={waiting}
      gridPoints={gridPoints}
      gridNote="Network runs keep the editor's sparsity weight k₀ and sweep the task weights: k = (k₀, (1 − k₀)w₁, (1 − k₀)w₂); a Pareto set model trains once, at the editor's k, and is read at those preferences."
    />
  );
}
