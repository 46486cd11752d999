/**
 * The run loop's tests' stand-ins: a fake Trainer (fixed readings, a failure at a chosen step), a fake stack of them
 * (as engine/stacked steps K Trainers), and a RunController wired to them that records every message.
 */
import { defaultConfig, type TrainerConfig } from '../../experiment/config';
import type { FinalResult, NetworkResult, StepReading } from '../../engine/readings';
import type { StepResult } from '../../engine/trainer';
import { StackedRunError } from '../../engine/stacked/stacking';
import { RunInterrupted } from '../../engine/interruption';
import type { RunRequest, WorkerMessage } from '../protocol';
import { RunController } from '../runController';
import type { StackHandle, TrainerHandle } from '../runHandles';

export class FakeTrainer implements TrainerHandle {
  position = 0;
  disposed = false;
  preference: number[];
  /** The step at this position lasts until the run is interrupted (a search's clustering), then throws RunInterrupted. */
  longStepAt = -1;
  interrupted = false;
  private endLongStep: (() => void) | null = null;
  constructor(
    readonly totalSteps: number,
    config: TrainerConfig,
    private readonly failAt = -1,
    /** As a Trainer's (TrainerOptions.onWork): told of its long step while it lasts. */
    private readonly onWork?: (work: string | null) => void,
  ) {
    this.preference = config.preference;
  }
  get done() {
    return this.position >= this.totalSteps;
  }
  get sparse() {
    return this.preference[0] > 0;
  }
  async step(): Promise<StepResult> {
    if (this.position === this.failAt) throw new Error(`training diverged at step ${this.position}`);
    if (this.position === this.longStepAt) {
      // As a Trainer's clustering: only this step pauses, says so while it lasts, and ends there once interrupted.
      this.onWork?.('clustering');
      try {
        if (!this.interrupted) await new Promise<void>((resolve) => (this.endLongStep = resolve));
        throw new RunInterrupted();
      } finally {
        this.onWork?.(null);
      }
    }
    const step: StepReading = {
      kind: 'step',
      phase: 'search',
      outer: 0,
      epoch: 0,
      batch: this.position,
      globalStep: this.position,
      objectives: [1, 2, 3],
      constraints: [0, 0, 0],
      maxViolation: 0,
      value: 0,
      weights: [1, 1, 1],
      learningRate: 0.01,
      preference: [...this.preference],
      proxEta: 0,
      samplesPerSecond: 10,
      method: 'chebyshev-al',
      multipliers: [1, 1, 1],
      penalty: 1,
      epigraph: 0,
    };
    this.position++;
    return { step, events: this.done ? ['run finished'] : [] };
  }
  setPreference(k: number[]) {
    this.preference = k;
  }
  interrupt() {
    this.interrupted = true;
    this.endLongStep?.();
  }
  async finalResult(backend: string): Promise<FinalResult> {
    const scores = { accuracy: [90, 80], nll: [0.3, 0.5] };
    return { kind: 'network', val: scores, test: scores, rows: {} as NetworkResult['rows'], growlPenalty: 1, parameterCount: 1, clusters: [], trainingSeconds: 1, samplesPerSecond: 1, steps: this.position, backend };
  }
  kernelLength = 4;
  async kernelValues() {
    const values = new Float32Array(this.kernelLength);
    values.set([0, 0, 1, 2].slice(0, this.kernelLength));
    return [{ name: 'dense', shape: [2, this.kernelLength / 2], values }];
  }
  dispose() {
    this.disposed = true;
  }
}

/** A teaching run's stand-in: m objectives (1 − k_i at preference k), a teaching result. */
export class FakeTeachingTrainer extends FakeTrainer {
  override get sparse() {
    return false;
  }
  override async step(): Promise<StepResult> {
    const result = await super.step();
    const m = this.preference.length;
    const ones = Array<number>(m).fill(1);
    return { ...result, step: { ...result.step, objectives: this.preference.map((v) => 1 - v), constraints: ones.map(() => 0), weights: ones, multipliers: ones } as StepReading };
  }
  override async finalResult(backend: string): Promise<FinalResult> {
    const objectives = this.preference.map((v) => 1 - v);
    return { kind: 'teaching', method: 'linear', objectives, exactFront: [objectives], parameterCount: 2, trainingSeconds: 0.1, samplesPerSecond: 1, steps: this.position, backend };
  }
}

/** K fake trainers stepped together, as engine/stacked's StackedTrainer steps K Trainers. */
export class FakeStack implements StackHandle {
  disposed = false;
  constructor(
    readonly runs: FakeTrainer[],
    /** Called as a run fails (a command that arrives while the failing step is under way). */
    private readonly onFailure?: () => void,
    /** Called as each step starts, with its index (a command that arrives while that step is under way). */
    private readonly onStep?: (step: number) => void,
  ) {}
  get done() {
    return this.runs[0].done;
  }
  get totalSteps() {
    return this.runs[0].totalSteps;
  }
  get sparse() {
    return this.runs[0].sparse;
  }
  async step() {
    this.onStep?.(this.runs[0].position);
    const results: StepResult[] = [];
    for (const [k, run] of this.runs.entries()) {
      try {
        results.push(await run.step());
      } catch (error) {
        if (error instanceof RunInterrupted) throw error;
        const message = (error as Error).message;
        this.onFailure?.();
        throw new StackedRunError(k, message, `run ${k + 1} of ${this.runs.length}: ${message}`);
      }
    }
    return results;
  }
  setPreference(index: number, k: number[]) {
    this.runs[index].setPreference(k);
  }
  interrupt() {
    this.runs.forEach((run) => run.interrupt());
  }
  async finalResults(backend: string) {
    return Promise.all(this.runs.map(async (r) => ({ ...(await r.finalResult(backend)), runsAtOnce: this.runs.length })));
  }
  kernelValues(index: number) {
    return this.runs[index].kernelValues();
  }
  dispose() {
    this.disposed = true;
  }
}

/** Fails at `failAt`: every run, or only the runs at `failing` (a preference). */
export function setup(opts: { steps?: number; failAt?: number; longStepAt?: number; longStepRun?: number; failing?: number[]; kernelLength?: number; runsAtOnce?: number; onFailure?: (controller: RunController) => void; onStep?: (controller: RunController, step: number) => void } = {}) {
  const messages: WorkerMessage[] = [];
  const trainers: FakeTrainer[] = [];
  const stacks: FakeStack[] = [];
  // `longStepAt`: the run made `longStepRun`-th (0: the first; in a stack, its run of that index) has that long step,
  // once (the same run trained again has not).
  let made = 0;
  const fake = (config: TrainerConfig, onWork?: (work: string | null) => void) => {
    const fails = !opts.failing || opts.failing.join() === config.preference.join();
    const t = new FakeTrainer(opts.steps ?? 3, config, fails ? opts.failAt : -1, onWork);
    if (opts.kernelLength) t.kernelLength = opts.kernelLength;
    if (opts.longStepAt !== undefined && made === (opts.longStepRun ?? 0)) t.longStepAt = opts.longStepAt;
    made++;
    return t;
  };
  const controller = new RunController({
    createTrainer: async (config, onWork) => {
      const t = fake(config, onWork);
      trainers.push(t);
      return t;
    },
    createStack: async (configs, onWork) => {
      const stack = new FakeStack(configs.map((config, i) => fake(config, onWork && ((work) => onWork(i, work)))), () => opts.onFailure?.(controller), (step) => opts.onStep?.(controller, step));
      stacks.push(stack);
      return stack;
    },
    runsAtOnce: () => opts.runsAtOnce ?? 1,
    backend: () => 'fake',
    post: (m) => messages.push(m),
    yieldToEvents: () => new Promise((r) => setTimeout(r, 0)),
  });
  return { controller, messages, trainers, stacks };
}

export const request = (id: string, k = [0.2, 0.4, 0.4]): RunRequest => ({ id, config: { ...defaultConfig(), preference: k } });
export const kinds = (messages: WorkerMessage[], kind: WorkerMessage['kind']) => messages.filter((m) => m.kind === kind);
