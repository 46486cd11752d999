/**
 * Three tasks: which two objectives the lab's plot shows (the measures use all three). Under the plot, each pair named
 * in full; in present mode in the heading's place beside the plot (`short`: f₁ vs f₂, read from the back of a room).
 */
import { useTeachingStore } from './teachingStore';
import { objectiveName, shortObjectiveName } from './teachingView';

const PAIRS: [number, number][] = [
  [0, 1],
  [0, 2],
  [1, 2],
];

export function ProjectionPicker({ short = false }: { short?: boolean }) {
  const problem = useTeachingStore((s) => s.settings.problem);
  const projection = useTeachingStore((s) => s.projection);
  const setProjection = useTeachingStore((s) => s.setProjection);
  const name = (i: number) => (short ? shortObjectiveName(i) : objectiveName(i, problem));
  return (
    <fieldset className={short ? 'projection-picker present-projection' : 'projection-picker'} data-testid="projection-picker">
      <legend>{short ? 'Plotted' : 'Three tasks: the plot shows the front projected onto two objectives (measures use all three)'}</legend>
      {PAIRS.map(([i, j]) => (
        <label key={`${i}${j}`} className="checkbox">
          <input
            type="radio"
            name="projection"
            checked={projection[0] === i && projection[1] === j}
            onChange={() => setProjection([i, j])}
            data-testid={`projection-${i + 1}${j + 1}`}
          />{' '}
          {name(i)} vs {name(j)}
        </label>
      ))}
    </fieldset>
  );
}
