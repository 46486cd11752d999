/**
 * The network explorer's runs by method: the front view's axes with every finished run in its method's colour and
 * marker, and each method's hypervolume against the front view's reference point.
 */
import { useRef } from 'react';
import { FigureDownload } from '../charts/FigureDownload';
import { useExplorerView } from '../explorer/explorerView';
import { MethodFrontChart } from './MethodFrontChart';
import { MethodTable } from './MethodTable';
import { networkComparison } from './networkComparison';
import { keyOfMethod } from './methodKeys';
import { parsePending, pendingText } from './methodSummary';
import { isEnded } from '../runs/runRecord';

export function NetworkComparisonPanel() {
  const { chart, summaries, reference } = useExplorerView(networkComparison);
  const pending = useExplorerView((s) => pendingText(s.runs.map((r) => ({ key: keyOfMethod(r.config.method), ended: isEnded(r) }))));
  const section = useRef<HTMLElement>(null);
  return (
    <section className="panel front-panel" aria-labelledby="network-methods-heading" ref={section}>
      <h2 id="network-methods-heading">Methods side by side</h2>
      <MethodFrontChart data={chart} label="Finished runs by scalarization method" testId="network-method-chart" />
      <MethodTable summaries={summaries} reference={reference} exact={false} pending={parsePending(pending)} />
      <p className="panel-note">
        Same axes and reference point as the Pareto front above; a method&apos;s hypervolume counts only its own runs.{' '}
        <FigureDownload target={() => section.current?.querySelector<SVGSVGElement>('svg') ?? null} name="methods-side-by-side" />
      </p>
    </section>
  );
}
