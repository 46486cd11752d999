/** Pareto dominance for minimisation. The one implementation lives in the engine (src/engine/pareto.ts). */
export { dominates, nonDominated, nonDominatedIndices } from '../../engine/pareto';
