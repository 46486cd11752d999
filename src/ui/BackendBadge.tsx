import { Fragment, useEffect, useRef, useState } from 'react';
import type { BackendReport } from '../workers/protocol';
import type { BackendName } from '../experiment/choices';
import type { RunStatus } from './store';

interface Props {
  report: BackendReport | null;
  requested?: BackendName;
  status: RunStatus;
}

/** One part of the line under the badge; `title` explains it on hover. */
interface DetailPart {
  text: string;
  title?: string;
}

export function threadsText(threads: number): string {
  return `${threads} thread${threads === 1 ? '' : 's'}`;
}

/**
 * Why the wasm backend has this many threads: the line says "threaded build · 1 thread", which reads as a contradiction
 * unless one knows that the threaded binary is one thing and the size of its pool another (backend.ts's describeDevice).
 * `cores` is navigator.hardwareConcurrency (the worker sees the same).
 */
export function threadsTitle(threads: number, device: string | undefined, cores: number | undefined): string {
  const pool = `TF.js's wasm backend computes with ${threadsText(threads)} (its XNNPACK thread pool).`;
  if (device?.includes('threaded build')) {
    const machine = cores ? ` This browser reports ${cores} logical core${cores === 1 ? '' : 's'}, so ${threadsText(threads)}.` : '';
    return `${pool} The threaded build is loaded (SIMD and a cross-origin isolated page), and it sizes its pool to half the logical cores, from 1 to 4.${machine}`;
  }
  return `${pool} The threaded build needs SIMD and a cross-origin isolated page (SharedArrayBuffer): without them the single-threaded build runs.`;
}

export function detailParts(report: BackendReport, cores: number | undefined): DetailPart[] {
  const parts: DetailPart[] = [];
  if (report.device) parts.push({ text: report.device });
  if (report.threads !== undefined) parts.push({ text: threadsText(report.threads), title: threadsTitle(report.threads, report.device, cores) });
  if (report.runsAtOnce > 1) parts.push({ text: `trains up to ${report.runsAtOnce} queued runs at once` });
  parts.push({ text: report.forced ? 'asked for by the link (backend=)' : 'chosen automatically' });
  return parts;
}

function logicalCores(): number | undefined {
  const cores = (globalThis.navigator as Navigator | undefined)?.hardwareConcurrency;
  return typeof cores === 'number' && cores > 0 ? cores : undefined;
}

/**
 * "why not webgpu, webgl?": a <details> whose list opens as a panel over the page (styles.css), so that the header
 * keeps its height. Its summary closes it again, and so do Escape, a click elsewhere and the focus moving out of it.
 */
function PassedOverDetails({ passedOver }: { passedOver: BackendReport['passedOver'] }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      const details = ref.current;
      if (details && !details.contains(event.target as Node)) details.open = false;
    };
    // Wherever the focus is (a browser may not focus a clicked summary): Escape folds the panel.
    const closeOnEscape = (event: KeyboardEvent) => {
      const details = ref.current;
      if (event.key !== 'Escape' || !details?.open) return;
      details.open = false;
      details.querySelector('summary')?.focus();
      event.preventDefault();
    };
    // Capturing: a chart's zoom or a button below may stop the event before it would bubble up here.
    document.addEventListener('pointerdown', closeOutside, true);
    document.addEventListener('keydown', closeOnEscape, true);
    return () => {
      document.removeEventListener('pointerdown', closeOutside, true);
      document.removeEventListener('keydown', closeOnEscape, true);
    };
  }, [open]);
  return (
    <details
      ref={ref}
      className="passed-over-details"
      onToggle={() => setOpen(ref.current?.open ?? false)}
      onBlur={(event) => {
        // The focus moved on (Tab): the panel over the page would cover what has it now (on a phone, the preference
        // handle). Not when it went nowhere (a click on the panel's text, the window left).
        const to = event.relatedTarget;
        if (to instanceof Node && !event.currentTarget.contains(to)) event.currentTarget.open = false;
      }}
    >
      <summary data-testid="passed-over-summary">why not {passedOver.map((p) => p.name).join(', ')}?</summary>
      <ul className="passed-over" data-testid="passed-over" aria-label="Backends passed over">
        {passedOver.map((p) => (
          <li key={p.name}>
            <span className="passed-over-name">{p.name}</span> {p.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}

/**
 * The active TF.js backend (`data-testid="backend"` holds exactly its name), one line about it, and — folded,
 * for whoever asks — why the backends ranked above it were passed over.
 */
export function BackendBadge({ report, requested, status }: Props) {
  if (!report) {
    const dead = status === 'crashed' || status === 'failed';
    return (
      <section className="backend" aria-label="TF.js backend" aria-busy={!dead}>
        <span className="backend-label">Backend</span>
        <span className="badge badge-pending">{dead ? 'none' : requested ? `${requested}…` : 'choosing…'}</span>
      </section>
    );
  }
  const passedOverTitle = report.passedOver.map((p) => `${p.name}: ${p.reason}`).join('\n');
  return (
    <section className="backend" aria-label="TF.js backend">
      <span className="backend-label">Backend</span>
      <span
        className={`badge badge-${report.name}`}
        data-testid="backend"
        title={passedOverTitle ? `Passed over:\n${passedOverTitle}` : `Using ${report.name}`}
      >
        {report.name}
      </span>
      <span className="backend-detail" data-testid="backend-detail">
        {detailParts(report, logicalCores()).map((part, i) => (
          <Fragment key={i}>
            {i > 0 && ' · '}
            {part.title ? (
              // Focusable, so that the keyboard reaches the reason too: focused, it shows it (styles.css), and names it.
              <span className="backend-detail-hint" data-testid="backend-threads" title={part.title} data-tip={part.title} tabIndex={0} role="note" aria-label={`${part.text}: ${part.title}`}>
                {part.text}
              </span>
            ) : (
              part.text
            )}
          </Fragment>
        ))}
      </span>
      {report.passedOver.length > 0 && <PassedOverDetails passedOver={report.passedOver} />}
    </section>
  );
}
