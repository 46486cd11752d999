/**
 * How a sweep's grid becomes queue jobs: a job per run, or — with `--at-once K` — the runs that can be trained as one
 * stacked computation (the same config but for the preference: engine/stacked/stacking.ts) grouped into stack jobs of
 * at most K, in grid order. Runs that cannot stack (MGDA, a Pareto set model) stay jobs of their own. Pure.
 */
import { isSparse } from '../engine/phases/schedule';
import { stackingProblems } from '../engine/stacked/stacking';
import type { BudgetName } from '../experiment/choices';
import type { SweepRun } from './grid';
import { runJobData, stackJobId, type RunJobData, type StackJobData } from './job';

export type SweepJob = { kind: 'run'; id: string; data: RunJobData } | { kind: 'stack'; id: string; data: StackJobData };

/** The runs of each job, in grid order within a job; the jobs in the order of their first runs. */
export function stackGroups(runs: readonly SweepRun[], atOnce: number): SweepRun[][] {
  const open = new Map<string, SweepRun[]>();
  const groups: SweepRun[][] = [];
  for (const run of runs) {
    const { preference: _k, ...rest } = run.config;
    // Plain and sparse runs of one config have different schedules (stacking.ts).
    const key = `${JSON.stringify(rest)}|${isSparse(run.config)}`;
    const group = open.get(key);
    // Runs of one key differ only in their preference: what stops them stacking is their method (MGDA, psl).
    if (atOnce > 1 && group && group.length < atOnce && stackingProblems([run.config]).length === 0) {
      group.push(run);
    } else {
      const fresh = [run];
      groups.push(fresh);
      open.set(key, fresh);
    }
  }
  return groups;
}

export function sweepJobs(sweep: string, budget: BudgetName, runs: readonly SweepRun[], atOnce: number): SweepJob[] {
  return stackGroups(runs, atOnce).map((group) => {
    if (group.length === 1) {
      const data = runJobData(sweep, budget, group[0]);
      return { kind: 'run', id: data.run, data };
    }
    const stack = stackJobId(sweep, group[0].ordinal);
    return { kind: 'stack', id: stack, data: { sweep, stack, runs: group.map((run) => runJobData(sweep, budget, run)) } };
  });
}
