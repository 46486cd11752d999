/**
 * A stack job trained: its runs as one stacked computation (engine/stacked/trainAtOnce.ts), each run's readings kept
 * and returned as trainRun.ts returns a run trained alone. A run that diverges fails alone, with the message it would
 * get alone; the others train again from the start without it (their first start's readings are replaced). Anything
 * else thrown is left to the queue to retry, the whole stack. No BullMQ here: the processor (processor.ts) wraps it.
 */
import type { Dataset } from '../engine/data/dataset';
import type { StackedTrainer } from '../engine/stacked/stackedTrainer';
import { trainAtOnce } from '../engine/stacked/trainAtOnce';
import type { TrainerConfig } from '../experiment/config';
import type { LayerRowClasses } from '../workers/protocol';
import { layerRowClasses } from '../workers/rowClasses';
import type { ParsedStackJob, StackJobResult, StackedRunOutcome } from './job';
import { RunRecord } from './runRecord';
import { nextTurn, ProgressThrottle, type TrainDeps } from './trainRun';
import { kText } from '../experiment/preference';

export async function trainStack(job: ParsedStackJob, deps: TrainDeps, createStack?: (configs: TrainerConfig[], dataset: Dataset) => StackedTrainer): Promise<StackJobResult> {
  const startedAt = Date.now();
  const { dataset, seconds: loadSeconds } = await deps.dataset(job.runs[0].config.problem);
  const records = job.runs.map((run) => new RunRecord(run));
  const layers: LayerRowClasses[][] = [];
  const failed: string[] = [];
  const failedAt: number[] = [];
  let shape = { totalSteps: 0, sparse: false };
  const progress = new ProgressThrottle(deps.progress);
  const outcomes = await trainAtOnce(
    job.runs.map((run) => run.config),
    dataset,
    {
      onStep: async (results, runs, stack) => {
        results.forEach((r, k) => records[runs[k]].add(r));
        await progress.report({ step: results[0].step.globalStep + 1, total: stack.totalSteps, phase: stack.runs[0].position.phase, failed: [...failed] }, stack.done);
        await (deps.yieldToEvents ?? nextTurn)();
      },
      onFailure: (run, message, _step, others) => {
        failed.push(job.runs[run].run);
        failedAt[run] = Date.now();
        for (const other of others) {
          records[other] = new RunRecord(job.runs[other]);
          records[other].note(`started again: a run trained at once with this one (${job.runs[run].run}, ${kText(job.runs[run].config.preference)}) failed: ${message}`);
        }
      },
      onFinish: async (runs, stack) => {
        shape = { totalSteps: stack.totalSteps, sparse: stack.runs[0].sparse };
        for (const [k, run] of runs.entries()) layers[run] = (await stack.runs[k].kernelValues()).map((kernel) => layerRowClasses(kernel.name, kernel));
      },
    },
    deps.backend,
    createStack,
  );
  const endedAt = Date.now();
  const finishedRuns = outcomes.filter((o) => o.kind === 'finished').length;
  const runs = outcomes.map((outcome, i): StackedRunOutcome => {
    const { run } = job.runs[i];
    if (outcome.kind === 'failed') return { run, state: 'failed', reason: outcome.message, startedAt, endedAt: failedAt[i] ?? endedAt };
    const others = finishedRuns - 1;
    const trainedWith = `at once with ${others} other run${others === 1 ? '' : 's'} (stack ${job.stack})`;
    const result = records[i].finished({ result: outcome.result, layers: layers[i], ...shape, backend: deps.backend, code: deps.code ?? null, attempt: deps.attempt, startedAt, endedAt, loadSeconds, trainedWith, synthetic: deps.synthetic });
    return { run, state: 'finished', result };
  });
  await deps.progress({ step: shape.totalSteps, total: shape.totalSteps, phase: 'done', failed });
  return { runs };
}
