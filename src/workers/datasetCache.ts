/**
 * The worker's datasets, one per problem, loaded on first use and kept for later runs (a run of another problem
 * loads its own without dropping this one). A failed load is forgotten, so the next run tries again — after the
 * data were prepared, say — and a missing dataset is reported with the command that prepares it. No TF.js and no
 * worker globals: the loader is injected.
 */
import { PROBLEM_LABELS, type ProblemName } from '../experiment/choices';
import { isDatasetMissing, type Dataset } from '../engine/data/dataset';
import { prepareCommand } from '../engine/data/preparation';

export type DatasetLoader = (problem: ProblemName) => Promise<Dataset>;

/** What a run of `problem` says when its data are not prepared. */
export function missingDataMessage(problem: ProblemName, detail: string): string {
  return `the ${PROBLEM_LABELS[problem]} data are not prepared (${detail}): run \`${prepareCommand(problem)}\`, or press "Prepare data" in the Experiment panel, then start the run again`;
}

export class DatasetCache {
  private readonly loads = new Map<ProblemName, Promise<Dataset>>();

  constructor(private readonly load: DatasetLoader) {}

  get(problem: ProblemName): Promise<Dataset> {
    let pending = this.loads.get(problem);
    if (!pending) {
      pending = this.load(problem).catch((err: unknown) => {
        this.loads.delete(problem);
        if (isDatasetMissing(err)) throw new Error(missingDataMessage(problem, err instanceof Error ? err.message : String(err)), { cause: err });
        throw err;
      });
      this.loads.set(problem, pending);
    }
    return pending;
  }

  /** The problems loaded or loading. */
  cached(): ProblemName[] {
    return [...this.loads.keys()];
  }
}
