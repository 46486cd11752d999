/**
 * The guided tour of the teaching lab (SPEC §6–§7, Zhao's talk, and Pareto set learning): five steps, each with the experiment it sets up
 * in one click. Pure data.
 */
import type { MethodKey } from '../../experiment/choices';
import type { TOUR_STEP_COUNT } from '../../experiment/link/experiment';
import type { TeachingSettings } from './teachingSettings';
import type { TourMeasure } from './tourReadout';

export interface TourStep {
  title: string;
  /** Paragraphs. */
  body: string[];
  /** What to look at once the sweep has run. */
  look: string;
  /** The method table's measures `look` talks of, shown beside it for the step's methods once they have points. */
  measures: TourMeasure[];
  setup: {
    problem: Partial<TeachingSettings>;
    /** The methods picked for the sweep (the table keeps earlier methods' points). */
    methods: MethodKey[];
    size: number;
    /** The methods this step runs now. */
    run: MethodKey[];
  };
}

/** A list of exactly N steps. */
type Steps<N extends number, S extends TourStep[] = []> = S['length'] extends N ? S : Steps<N, [...S, TourStep]>;

/** As many as the link's `tour` names (TOUR_STEP_COUNT): a step added or removed fails the type check until both agree. */
export const TOUR_STEPS: Readonly<Steps<typeof TOUR_STEP_COUNT>> = [
  {
    title: 'Linear scalarization misses the concave part',
    body: [
      'Fonseca–Fleming has two objectives whose Pareto front (the grey curve) is concave: it bulges towards the upper right.',
      'A weighted sum k₁f₁ + k₂f₂ has straight level lines. Slide one towards the front and it touches a concave front first at an end, whatever the weights are.',
    ],
    look: 'All eleven linear runs land on the two ends of the front; nothing in between is found (see "Largest gap").',
    measures: ['gap'],
    setup: { problem: { problem: 'fonseca-fleming', dimension: 2 }, methods: ['linear'], size: 11, run: ['linear'] },
  },
  {
    title: 'Chebyshev reaches it',
    body: [
      'The Chebyshev scalarization minimises the largest weighted objective, maxᵢ kᵢfᵢ. Its level sets are corners, and a corner can touch a concave front anywhere.',
      'Paretoscope solves it with an Augmented Lagrangian (the paper\'s method): minimise t subject to kᵢfᵢ ≤ t.',
    ],
    look: 'The Chebyshev-AL points spread along the whole front, on it (distance ≈ 0); their hypervolume is larger than the linear sweep\'s.',
    measures: ['distance', 'hypervolume'],
    setup: { problem: { problem: 'fonseca-fleming', dimension: 2 }, methods: ['linear', 'chebyshev-al'], size: 11, run: ['chebyshev-al'] },
  },
  {
    title: 'A narrow network has to trade tasks off',
    body: [
      'Now m = 2 regression tasks share one hidden layer of width q: fᵢ(x) = xᵀW aᵢ with W of width q = 1. One direction has to serve two tasks.',
      'The exact front is a curve: lowering one task\'s loss raises the other\'s.',
    ],
    look: 'The Chebyshev-AL sweep traces the trade-off curve.',
    measures: ['distance'],
    setup: { problem: { problem: 'width-transition', tasks: 2, width: 1, similarity: 0.5 }, methods: ['chebyshev-al'], size: 7, run: ['chebyshev-al'] },
  },
  {
    title: 'Wider networks remove the trade-off',
    body: [
      'Raise the width to q = 2 ≥ m: every task gets its own direction and all of them are fitted at once.',
      'The front collapses to a single point (the dashed ring), and every preference lands on it: there is nothing left to trade.',
    ],
    look: 'Every Chebyshev-AL point lands on the ring (distance ≈ 0). Then try m = 3 tasks with q = 2 and then q = 3, or set the similarity to 1 (identical tasks never conflict, even at q = 1).',
    measures: ['distance'],
    setup: { problem: { problem: 'width-transition', tasks: 2, width: 2, similarity: 0.5 }, methods: ['chebyshev-al'], size: 7, run: ['chebyshev-al'] },
  },
  {
    title: 'One model for the whole front',
    body: [
      'Every point so far cost a run. Pareto set learning trains one model instead: a small network that takes the preference k and returns the parameters for it.',
      'Each step draws sixteen preferences at random and lowers their Chebyshev values together, so the model learns every preference at once — for the cost of a few runs, not of one per point (the Training column of the table compares them).',
    ],
    look: 'The purple curve is the model read at 101 preferences: it lies on the grey front. Move the preference and the ringed point answers at once, without a run; "Pin this point" keeps it.',
    measures: ['distance'],
    setup: { problem: { problem: 'fonseca-fleming', dimension: 2 }, methods: ['chebyshev-al', 'psl'], size: 11, run: ['psl'] },
  },
];
