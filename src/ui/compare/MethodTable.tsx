/**
 * The per-method table under a comparison plot (it doubles as an HTML legend): marker, method, runs,
 * non-dominated runs, hypervolume against the common reference point, the training time its points cost, and — with
 * an exact front — the mean and max distance of the method's points to it and the largest stretch of the front the
 * method left uncovered.
 */
import { useId } from 'react';
import { fmt, num, pairColumn, proseNum } from './methodTableFormat';
import { markerPath } from './methodChartLayout';
import { METHOD_STYLES } from './methodKeys';
import type { MethodSummary } from './methodSummary';
import { METHOD_KEYS, type MethodKey } from '../../experiment/choices';

/**
 * Two numbers read together (mean / max, written by pairColumn). The one place a cell may wrap, after the slash, when
 * the table is too narrow for its columns (a laptop's lab panel).
 */
const pair = ([a, b]: readonly [string, string]) => (
  <>
    <span className="method-number">{a}</span>
    {'\u00a0/ '}
    <span className="method-number">{b}</span>
  </>
);

/**
 * The value columns: each header's text (and on a phone each value's label, data-label), its explanation, and where a
 * narrow table may break a one-word header (a soft hyphen: "Hyper-" over "volume", read as the one word).
 */
const COLUMNS = {
  runs: { label: 'Runs' },
  nonDominated: { label: 'Non-dom.', title: 'non-dominated runs: those no other run of the method is at least as good as in every objective and better than in one; where several land on one point, how many distinct points they make' },
  hypervolume: { label: 'Hypervolume', header: 'Hyper\u00advolume' },
  training: { label: 'Training', title: "training time of the method's runs, together (a Pareto set model: its one run)" },
  distance: { label: 'Dist. to front', title: "mean / max distance of the method's points to the exact front" },
  gap: { label: 'Largest gap', title: "largest distance from a point of the exact front to the method's nearest point" },
} as const satisfies Record<string, Column>;

interface Column {
  label: string;
  title?: string;
  header?: string;
}

/** A method's marker and short name: the row's header, and the plot's legend. */
function MethodName({ method }: { method: MethodKey }) {
  return (
    <span className="method-name">
      <svg className="method-swatch" viewBox="-8 -8 16 16" aria-hidden="true">
        <path d={markerPath(method, 60)} fill={METHOD_STYLES[method].colour} />
      </svg>{' '}
      {/* Wraps between words, never at a name's hyphen ("Chebyshev-AL" stays one word). */}
      <span title={METHOD_STYLES[method].label}>{METHOD_STYLES[method].short.replaceAll('-', '\u2011')}</span>
    </span>
  );
}

function ColumnHeader({ column }: { column: Column }) {
  return (
    <th scope="col" role="columnheader" title={column.title}>
      {column.header ?? column.label}
    </th>
  );
}

/** "3 to come", or, in a stopped queue, "3 waiting (Sweep goes on)". */
const pendingNote = (n: number, stopped: boolean) => (stopped ? `${n} waiting (Sweep goes on)` : `${n} to come`);

export function MethodTable({
  summaries,
  reference,
  exact,
  pending = new Map(),
  pendingStopped = false,
  missing = new Map(),
  gridSize = 0,
  gridSizes,
  models = 1,
  frontSampling = null,
  frontIsPoint = false,
  focus,
}: {
  summaries: MethodSummary[];
  reference: readonly number[];
  exact: boolean;
  /** Runs of each method that have not ended: its numbers are of the points so far. */
  pending?: ReadonlyMap<MethodKey, number>;
  /** The queue they wait in is stopped (after Stop, or a reload): they come when Sweep goes on, not by themselves. */
  pendingStopped?: boolean;
  /** Preferences of the sweep grid (of `gridSize`) each method has no run at, finished or to come (missingText). */
  missing?: ReadonlyMap<MethodKey, number>;
  gridSize?: number;
  /** Each method's own grid size (the lab's: its sweep's, else the box's); `gridSize` where absent. */
  gridSizes?: ReadonlyMap<MethodKey, number>;
  /** How many Pareto set models' answers the psl row pools (several: sweeps of several seeds). */
  models?: number;
  /** How finely the exact front is sampled, and the distance below which a point is on it (engine/pareto.ts frontSampling). */
  frontSampling?: { spacing: number; tolerance: number } | null;
  /**
   * The exact front is one point: a method's distance to it is the measure; hypervolume and dominance among points
   * this close to it would measure optimisation noise, and are not shown.
   */
  frontIsPoint?: boolean;
  /** The methods in focus (a tour step's): the other rows are drawn faint, as their points are. All where absent. */
  focus?: readonly MethodKey[] | null;
}) {
  const noteId = useId();
  const sizeOf = (key: MethodKey) => gridSizes?.get(key) ?? gridSize;
  if (summaries.length === 0)
    return <p className="panel-note">{pending.size > 0 ? 'No finished runs yet: the sweep\'s runs are queued or training.' : 'No finished runs yet: pick methods and press Sweep.'}</p>;
  const timed = summaries.some((s) => s.seconds !== null);
  const distances = pairColumn(summaries.map((s) => [s.distance?.mean, s.distance?.max] as const));
  // The lab measures each Chebyshev method against its own k's exact point.
  // Only with a number to give: a sweep of methods that aim elsewhere (linear alone) has no such line.
  const targeted = exact && !frontIsPoint && summaries.some((s) => s.target);
  const unfinished = METHOD_KEYS.filter((key) => (pending.has(key) || missing.has(key)) && !summaries.some((s) => s.key === key));
  // Why a method's hypervolume counts only part of the sweep (runs to come, preferences without a run), or null.
  const partialWhy = (key: MethodKey): string | null => {
    const why = [
      pending.has(key) ? `${pending.get(key)} of its runs have not finished` : '',
      missing.has(key)
        ? gridSizes
          ? `${missing.get(key)} of the ${sizeOf(key)} preferences it is measured at (its sweep's, else the sweep box's) have no run of it (stopped, failed, or not run)`
          : `${missing.get(key)} of the sweep's ${gridSize} preferences have no run of it (stopped, failed, or not run at this sweep size)`
        : '',
    ].filter(Boolean);
    return why.length > 0 ? `${why.join('; ')}: its hypervolume counts only the points it has` : null;
  };
  return (
    // Never the page sideways: a narrow table scrolls in its own box, and on a phone each row is a card (styles.css;
    // data-label names a value there, the column headers stay for screen readers). The note wraps below, outside.
    <>
      <div className="table-scroll">
        {/* The roles are the implicit ones, spelled out: some browsers drop a table's semantics once CSS makes it a card. */}
        <table className="method-table" data-testid="method-table" aria-describedby={noteId} role="table">
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">Method</th>
              <ColumnHeader column={COLUMNS.runs} />
              <ColumnHeader column={COLUMNS.nonDominated} />
              <ColumnHeader column={COLUMNS.hypervolume} />
              {timed && <ColumnHeader column={COLUMNS.training} />}
              {exact && (
                <>
                  <ColumnHeader column={COLUMNS.distance} />
                  <ColumnHeader column={COLUMNS.gap} />
                </>
              )}
            </tr>
          </thead>
          <tbody role="rowgroup">
            {summaries.map((s, i) => {
              const partial = partialWhy(s.key);
              const covered = sizeOf(s.key) - (missing.get(s.key) ?? 0);
              const faint = !!focus && !focus.includes(s.key);
              return (
                <tr
                  key={s.key}
                  data-testid="method-row"
                  data-method={s.key}
                  role="row"
                  className={faint ? 'faint' : undefined}
                  data-faint={faint ? 'true' : undefined}
                >
                  <th scope="row" role="rowheader">
                    <MethodName method={s.key} />
                  </th>
                  <td role="cell" data-label={COLUMNS.runs.label}>
                    {s.count}
                    {s.key === 'psl' && (
                      <span
                        className="method-to-come"
                        title={`Pareto set learning trains one model${models > 1 ? ' a sweep' : ''}: the number is of ${models > 1 ? 'their' : 'its'} answers, at the sweep's preferences`}
                      >
                        {' '}
                        {models > 1 ? `(${models} models)` : '(one model)'}
                      </span>
                    )}
                    {pending.has(s.key) && <span className="method-to-come"> + {pendingNote(pending.get(s.key) ?? 0, pendingStopped)}</span>}
                    {missing.has(s.key) && (
                      <span
                        className="method-to-come"
                        data-testid="method-missing"
                        data-method={s.key}
                        title={`its runs are at ${covered} of the ${sizeOf(s.key)} preferences ${gridSizes ? 'it is measured at' : 'of the sweep'}`}
                      >
                        {' '}
                        at {covered} of {sizeOf(s.key)} k
                      </span>
                    )}
                  </td>
                  <td role="cell" data-label={COLUMNS.nonDominated.label}>{frontIsPoint ? '—' : s.nonDominatedPoints < s.nonDominated ? `${s.nonDominated} (${s.nonDominatedPoints} distinct)` : s.nonDominated}</td>
                  <td role="cell" data-label={COLUMNS.hypervolume.label}>
                    <span data-testid="method-hv" data-method={s.key} data-value={s.hypervolume} data-partial={partial ? 'true' : undefined}>
                      {frontIsPoint ? '—' : num(s.hypervolume)}
                    </span>
                    {partial && !frontIsPoint && (
                      <span className="partial-mark" data-testid="method-hv-partial" title={partial}>
                        {' '}
                        partial
                      </span>
                    )}
                  </td>
                  {timed && (
                    <td role="cell" data-label={COLUMNS.training.label} data-testid="method-seconds" data-method={s.key} data-value={s.seconds ?? undefined}>
                      {s.seconds === null ? '–' : `${s.seconds.toFixed(1)} s`}
                    </td>
                  )}
                  {exact && (
                    <>
                      <td role="cell" className="method-pair" data-label={COLUMNS.distance.label} data-testid="method-distance" data-method={s.key} data-value={s.distance?.mean}>
                        {pair(distances[i])}
                      </td>
                      <td role="cell" data-label={COLUMNS.gap.label}>{frontIsPoint ? '—' : num(s.coverage?.max)}</td>
                    </>
                  )}
                </tr>
              );
            })}
            {unfinished.map((key) => (
              // A method of the sweep with no finished run yet (its runs queued, or stopped): a row, so the table never
              // reads as a finished comparison of the others.
              <tr
                key={key}
                data-testid="method-row"
                data-method={key}
                data-empty="true"
                role="row"
                className={focus && !focus.includes(key) ? 'faint' : undefined}
                data-faint={focus && !focus.includes(key) ? 'true' : undefined}
              >
                <th scope="row" role="rowheader">
                  <MethodName method={key} />
                </th>
                <td role="cell" data-label={COLUMNS.runs.label}>
                  0{pending.has(key) && <span className="method-to-come"> + {pendingNote(pending.get(key) ?? 0, pendingStopped)}</span>}
                  {!pending.has(key) && missing.has(key) && (
                    <span className="method-to-come" data-testid="method-missing" data-method={key}>
                      {' '}
                      at 0 of {sizeOf(key)} k
                    </span>
                  )}
                </td>
                <td role="cell" data-label={COLUMNS.nonDominated.label}>—</td>
                <td role="cell" data-label={COLUMNS.hypervolume.label}>
                  <span className="partial-mark" data-testid="method-hv-none" data-method={key} title={partialWhy(key) ?? undefined}>
                    {pending.has(key) ? 'no run finished yet' : 'no finished run'}
                  </span>
                </td>
                {timed && <td role="cell" data-label={COLUMNS.training.label}>–</td>}
                {exact && (
                  <>
                    <td role="cell" data-label={COLUMNS.distance.label}>—</td>
                    <td role="cell" data-label={COLUMNS.gap.label}>—</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="method-table-note" id={noteId}>
        {frontIsPoint
          ? 'The exact front is one point: a method is as good as its distance to it (Dist. to front: mean / max). Hypervolume and dominance among points this close to it would measure optimisation noise, and are left out, as is the largest gap (the front has no stretch to leave uncovered).'
          : `Hypervolume against the reference point (${reference.map((v) => fmt(v)).join(', ')}), the same for every method${exact ? '; Dist. to front: mean / max distance in objective space to the exact front' : ''}${exact && frontSampling ? `, sampled about ${proseNum(frontSampling.spacing)} apart: a distance below about ${proseNum(frontSampling.tolerance)} is on the front, as far as its samples tell` : ''}.`}
      </p>
      {/* A line, not a column: an eighth column did not fit the lab's table beside the tour. */}
      {targeted && (
        <p className="method-targets-note" data-testid="method-targets">
          To its k&apos;s point, where a Chebyshev method&apos;s runs should land (their preferences&apos; exact Chebyshev points; on the front is not
          enough), mean / max:{' '}
          {summaries
            .filter((s) => s.target)
            .map((s, i) => (
              <span key={s.key} data-testid="method-target" data-method={s.key} data-value={s.target?.mean}>
                {i > 0 ? ' · ' : ''}
                {METHOD_STYLES[s.key].short} {num(s.target?.mean)} / {num(s.target?.max)}
              </span>
            ))}
        </p>
      )}
    </>
  );
}
