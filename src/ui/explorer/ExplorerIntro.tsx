/**
 * What the explorer is and what to do first, for a page without runs (a newcomer's first screen, above the empty
 * front; gone once a run exists): the idea in two sentences, and the way to the teaching lab's guided tour.
 */
import { useTeachingStore } from '../teaching/teachingStore';
import { useExplorerView } from './explorerView';
import { useAppStore } from '../store';

export function ExplorerIntro() {
  // Not before the saved runs are back: a returning user's page would show it for a moment.
  const read = useAppStore((s) => s.savedRunsRead);
  const empty = useExplorerView((s) => s.runs.length === 0);
  const setActive = useTeachingStore((s) => s.setActive);
  const setTourStep = useTeachingStore((s) => s.setTourStep);
  if (!read || !empty) return null;
  return (
    <p className="app-lead" data-testid="explorer-intro">
      One network learns two image tasks at once and is made sparse (rows of its weights set to zero). A run trains it at a preference k — how
      much sparsity, task 1 and task 2 each count — and becomes a point on the Pareto front, the best trade-offs between the tasks: press{' '}
      <strong>Run</strong>, and within a minute its point lands; runs at other preferences fill the front in. New to Pareto fronts?{' '}
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setActive(true);
          setTourStep(0);
        }}
        data-testid="intro-tour"
      >
        Take the guided tour
      </button>{' '}
      in the teaching lab (small problems, a minute).
    </p>
  );
}
