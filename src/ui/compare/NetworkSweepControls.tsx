/**
 * The explorer's "Sweep and compare methods" panel: the shared sweep controls on the network problem's task split,
 * saying how much of the sweep exists already with the current settings (networkSweep.ts networkSweepStanding).
 */
import { useMemo } from 'react';
import { useExplorerStore } from '../explorer/explorerStore';
import { useExplorerView, type ExplorerView } from '../explorer/explorerView';
import { networkSweepEntries, networkSweepStanding } from './networkSweep';
import { SweepControls } from './SweepControls';
import { useSweepStore } from './sweepStore';
import { standingKey, standingOfKey } from './sweepStanding';

export function NetworkSweepControls({ ready, onSweep }: { ready: boolean; onSweep(): void }) {
  const settings = useExplorerStore((s) => s.settings);
  const preference = useExplorerStore((s) => s.preference);
  const methods = useSweepStore((s) => s.methods);
  const size = useSweepStore((s) => s.size);
  const entries = useMemo(() => networkSweepEntries(settings, preference, { methods, size }), [settings, preference, methods, size]);
  const counts = useExplorerView((view: ExplorerView) => standingKey(networkSweepStanding(view.runs, entries)));
  const standing = useMemo(() => standingOfKey(counts), [counts]);
  return (
    <SweepControls
      objectives={2}
      ready={ready}
      onSweep={onSweep}
      standing={standing}
      gridNote="Network runs keep the editor's sparsity weight k₀ and sweep the task weights: k = (k₀, (1 − k₀)w₁, (1 − k₀)w₂); a Pareto set model trains once, at the editor's k, and is read at those preferences."
    />
  );
}
