/** How a worker tells its trainer processes (processor.ts) what to train on: environment variables it sets. */
export const BACKEND_ENV = 'PARETOSCOPE_WORKER_BACKEND';
export const DATA_ENV = 'PARETOSCOPE_WORKER_DATA';
/** The code the worker runs ("abc123def456", with " with local changes"): each run's note names it. */
export const CODE_ENV = 'PARETOSCOPE_WORKER_CODE';
/** The data "folder" that means the synthetic stand-in for MultiMNIST (tests and the sweep benchmark). */
export const SYNTHETIC_DATA = 'synthetic';
/**
 * The note a sweep worker gives each run it trained on the synthetic data: npm run front tells such runs by it (the
 * experiment file holds runs, not the worker's flags) and compares them apart from real ones.
 */
export const SYNTHETIC_RUN_NOTE = `trained on synthetic data (npm run worker --data ${SYNTHETIC_DATA}): random images, a smoke test, not a result`;
/** The one problem whose shapes the synthetic data has. */
export const SYNTHETIC_PROBLEM = 'multimnist';
/** Why the synthetic data cannot serve `problem` (null: it can). */
export const syntheticProblem = (problem: string): string | null => (problem === SYNTHETIC_PROBLEM ? null : `--data ${SYNTHETIC_DATA} has MultiMNIST's shapes, not ${problem}'s`);
