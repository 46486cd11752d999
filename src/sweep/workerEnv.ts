/** How a worker tells its trainer processes (processor.ts) what to train on: environment variables it sets. */
export const BACKEND_ENV = 'PARETOSCOPE_WORKER_BACKEND';
export const DATA_ENV = 'PARETOSCOPE_WORKER_DATA';
/** The code the worker runs ("abc123def456", with " with local changes"): each run's note names it. */
export const CODE_ENV = 'PARETOSCOPE_WORKER_CODE';
/** The data "folder" that means the synthetic stand-in for MultiMNIST (tests and the sweep benchmark). */
export const SYNTHETIC_DATA = 'synthetic';
/** The one problem whose shapes the synthetic data has. */
export const SYNTHETIC_PROBLEM = 'multimnist';
/** Why the synthetic data cannot serve `problem` (null: it can). */
export const syntheticProblem = (problem: string): string | null => (problem === SYNTHETIC_PROBLEM ? null : `--data ${SYNTHETIC_DATA} has MultiMNIST's shapes, not ${problem}'s`);
