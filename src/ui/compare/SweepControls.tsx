/**
 * The sweep: which methods to compare (Chebyshev-AL in both AL variants) and how many preference vectors per
 * method, uniform on the simplex (sweepGrid.ts). Part of the link. `onSweep` queues the grid for every picked
 * method in the worker, one run after the other.
 */
import { useId, useState, type ReactNode } from 'react';
import { RangedNumberInput } from '../RangedNumberInput';
import { maxParallelWorkers } from './workerPool';
import { METHOD_STYLES } from './methodKeys';
import { METHOD_KEYS, type MethodKey } from '../../experiment/choices';
import { markerPath } from './methodChartLayout';
import { gridSize, sweepPlanText } from './sweepGrid';
import { useSweepStore } from './sweepStore';
import { LAB_PARAMETER_BY_KEY } from '../../experiment/labParameters';
import { FocusableButton } from '../FocusableButton';
import { sweepOffered, sweepStandingText, type SweepStanding } from './sweepStanding';

const SIZE = LAB_PARAMETER_BY_KEY.sweep;

export function SweepControls({
  objectives,
  ready,
  onSweep,
  gridNote,
  allowParallel = false,
  keys = METHOD_KEYS,
  standing,
  waiting = 0,
  gridPoints,
  children,
}: {
  /** Entries of the preferences the grid is drawn on (2 or 3). */
  objectives: number;
  ready: boolean;
  onSweep(): void;
  /** What a grid point means here (e.g. the fixed sparsity weight of network runs). */
  gridNote?: string;
  /** Offer the "several workers" checkbox (teaching sweeps). */
  allowParallel?: boolean;
  /** The methods offered (the networks' sweep leaves out Pareto set learning). */
  keys?: readonly MethodKey[];
  /** How much of the plan has run with these settings already (a finished sweep is not offered again). */
  standing?: SweepStanding;
  /** Runs waiting in a stopped queue that Sweep goes on with (the lab's, after a reload or the explorer's Stop). */
  waiting?: number;
  /** The grid's points where fewer than gridSize's (the network grid near k₀ = 1). */
  gridPoints?: number;
  children?: ReactNode;
}) {
  const methods = useSweepStore((s) => s.methods);
  const size = useSweepStore((s) => s.size);
  const setSweep = useSweepStore((s) => s.setSweep);
  const toggle = useSweepStore((s) => s.toggleMethod);
  const parallel = useSweepStore((s) => s.parallel);
  const setParallel = useSweepStore((s) => s.setParallel);
  const workers = maxParallelWorkers(typeof navigator === 'undefined' ? undefined : navigator.hardwareConcurrency);
  const sizeId = useId();
  const [sizeNote, setSizeNote] = useState<string | null>(null);
  const count = gridPoints ?? gridSize(objectives, size);
  const picked = methods.filter((k) => keys.includes(k));
  const standingText = picked.length === 0 ? 'Tick a method above to sweep.' : standing ? sweepStandingText(standing, waiting) : '';

  return (
    <section className="panel sweep-panel" aria-labelledby={`${sizeId}-heading`}>
      <h2 id={`${sizeId}-heading`}>Sweep and compare methods</h2>
      <fieldset className="method-picker">
        <legend>Methods</legend>
        {keys.map((key) => (
          <label key={key} className="checkbox" title={METHOD_STYLES[key].label}>
            <input type="checkbox" checked={methods.includes(key)} onChange={(e) => toggle(key, e.target.checked)} data-testid={`sweep-method-${key}`} />{' '}
            <svg className="method-swatch" viewBox="-8 -8 16 16" aria-hidden="true">
              <path d={markerPath(key, 60)} fill={METHOD_STYLES[key].colour} />
            </svg>{' '}
            {METHOD_STYLES[key].label}
          </label>
        ))}
      </fieldset>
      <label htmlFor={sizeId}>
        Preferences per method{' '}
        <RangedNumberInput id={sizeId} value={size} range={SIZE} data-testid="sweep-size" onValue={(value) => setSweep({ size: value })} onNote={setSizeNote} />
      </label>
      {sizeNote && (
        <p className="field-note" role="status" data-testid="sweep-size-note">
          {sizeNote}
        </p>
      )}
      {allowParallel && (
        <label className="checkbox" title="One worker per two cores (navigator.hardwareConcurrency / 2)">
          <input type="checkbox" checked={parallel && workers > 1} disabled={workers <= 1} onChange={(e) => setParallel(e.target.checked)} data-testid="sweep-parallel" />{' '}
          Several workers at once ({workers > 1 ? `up to ${workers}` : 'this machine has too few cores'})
        </label>
      )}
      <p className="panel-note" data-testid="sweep-plan">
        {sweepPlanText(picked, count)},{' '}
        {count === 1 ? `at the centre of the ${objectives === 2 ? 'segment' : 'triangle'} of preferences` : `spread evenly over the ${objectives === 2 ? 'segment' : 'triangle'} of preferences`}, none on its{' '}
        {objectives === 2 ? 'ends' : 'edges'} (a zero weight would leave a task out)
        {objectives === 3 && count !== size ? ` — the largest triangular grid with at most ${size} points` : ''}
        {objectives === 2 && count < size ? ` — only ${count} distinct at 4 decimals, the tasks' share being this small` : ''},{' '}
        {parallel && allowParallel && workers > 1 ? `dealt out to ${workers} workers` : 'one after another in the worker'}.{gridNote ? ` ${gridNote}` : ''} The explorer
        and the teaching lab share these methods and this number.
      </p>
      {standingText && (
        // Not live: it changes with every run a sweep ends (the Sweep button it describes reads it on focus).
        <p className="panel-note" id={`${sizeId}-standing`} data-testid="sweep-standing">
          {standingText}
        </p>
      )}
      <div className="button-row">
        <FocusableButton
          className="primary"
          onClick={onSweep}
          disabled={!ready || picked.length === 0 || (standing !== undefined && !sweepOffered(standing, waiting))}
          aria-describedby={standingText ? `${sizeId}-standing` : undefined}
          data-testid="sweep-button"
        >
          Sweep
        </FocusableButton>
        {children}
      </div>
    </section>
  );
}
