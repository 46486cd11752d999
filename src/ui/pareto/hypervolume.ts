/** The 2-D hypervolume for minimisation. The one implementation lives in the engine (src/engine/pareto.ts). */
export { hypervolume2d } from '../../engine/pareto';
