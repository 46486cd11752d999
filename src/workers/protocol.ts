/**
 * The typed contract between the UI thread and the trainer worker.
 *
 * The worker exposes one object implementing `TrainerWorkerApi` with Comlink; the UI holds a
 * `Comlink.Remote<TrainerWorkerApi>`. Everything that crosses the boundary must be structured-cloneable
 * (plain data, typed arrays); callbacks from the worker to the UI go through `Comlink.proxy(...)`.
 *
 * This module holds only types and constants — no TF.js — so the UI can import it without pulling the
 * backends into the main bundle.
 *
 * Training: the UI hands the worker a MessagePort once (`connect`); every reading and run event then flows
 * back on that port as batches of `WorkerMessage`s (at most ~10 batches a second, step readings packed into
 * one Float64Array per batch, see stepPacking.ts). Commands (run, enqueue, pause, ...) are Comlink calls.
 */
import type { BackendName, MethodName } from '../experiment/choices';
import type { TrainerConfig } from '../experiment/config';
import type { EpochReading, FinalResult } from '../engine/readings';
import type { RowMetrics } from '../engine/metrics';
import type { TeachingConfig } from '../engine/teaching/config';
import type { TeachingProblemSpec } from '../engine/teaching/types';

/** A backend that was not used, and why (skipped on the facts, or it failed to initialise). */
export interface PassedOver {
  name: BackendName;
  reason: string;
}

/** What `selectBackend` settled on. */
export interface BackendReport {
  /** The active TF.js backend (`tf.getBackend()`). */
  name: BackendName;
  /** True when the active backend is the one asked for with `?backend=`. */
  forced: boolean;
  /** Backends ranked above the active one that were not used, in preference order, with the reason. */
  passedOver: PassedOver[];
  /** Worker threads of the wasm backend (XNNPACK thread pool); only for `wasm`. */
  threads?: number;
  /** The device behind the backend when known: WebGPU adapter or WebGL renderer. */
  device?: string;
  /**
   * The most queued runs (of the same settings but their preference) the worker trains at once on this backend, as
   * one stacked computation: where it gains from it (WebGPU), more than 1.
   */
  runsAtOnce: number;
}

export interface InitOptions {
  /** Force this backend (used if it initialises; otherwise the automatic choice, with the reason recorded). */
  backend?: BackendName;
  /**
   * Queued runs to train at once (1: one at a time), network and teaching runs alike; absent: the backend's choice
   * (RUNS_AT_ONCE) for network runs, TEACHING_RUNS_AT_ONCE for teaching runs.
   */
  runsAtOnce?: number;
}

export interface SelfTestResult {
  /** The backend that computed `result`. */
  backend: string;
  /** `SELF_TEST_MATMUL` values followed by `SELF_TEST_CONV` values; compare with `SELF_TEST_EXPECTED`. */
  result: number[];
}

/**
 * Self-test inputs (see trainer.worker.ts):
 *   matMul(A, B) with A = [[1,2,3],[4,5,6],[7,8,9]], B = [[9,8,7],[6,5,4],[3,2,1]]
 *   conv2d(x, f, stride 1, 'valid') with x = 1..16 as a 1×4×4×1 image, f = [[1,2],[3,4]] as 2×2×1×1:
 *     out[i][j] = 40·i + 10·j + 44.
 */
export const SELF_TEST_EXPECTED: readonly number[] = [
  30, 24, 18, 84, 69, 54, 138, 114, 90, // matMul, row-major 3×3
  44, 54, 64, 84, 94, 104, 124, 134, 144, // conv2d, row-major 3×3
];

/** Compares a self-test result with `SELF_TEST_EXPECTED` (float32 arithmetic on small integers is exact). */
export function selfTestMatches(result: readonly number[], tolerance = 1e-3): boolean {
  return (
    result.length === SELF_TEST_EXPECTED.length &&
    result.every((v, i) => Math.abs(v - SELF_TEST_EXPECTED[i]) <= tolerance)
  );
}

/** One network training run: an id chosen by the UI and the fully resolved config (preference included). */
export interface NetworkRunRequest {
  id: string;
  kind?: 'network';
  config: TrainerConfig;
}

/**
 * One teaching-problem run (SPEC §7): the worker trains it with a TeachingTrainer (workers/teachingHandle.ts);
 * its readings stream like a network run's, and its result is a TeachingRunResult (objectives, exact front).
 */
export interface TeachingRunRequest {
  id: string;
  kind: 'teaching';
  config: TeachingConfig;
}

export type RunRequest = NetworkRunRequest | TeachingRunRequest;

/**
 * A question to a Pareto set model (method psl): f at each preference. The worker asks the run's live model when
 * `runId` is the run it has loaded (between two of its training steps), else rebuilds the model from `config` and
 * `model` (a finished run's ParetoSetModel.model).
 */
export interface ParetoSetQuery {
  runId: string;
  config: TeachingConfig;
  model: number[] | null;
  preferences: number[][];
}

/**
 * A question to a network's Pareto set model (method psl): the model at `preference`, read once per entry of `reads`
 * on the first `examples` images of a split (null: the run's whole subset of it), all between the same two training
 * steps (the same weights). Asked of the run while it trains or after it finished, while the worker keeps it
 * (KEPT_MODELS in keptModels.ts).
 */
export interface NetworkModelQuery {
  runId: string;
  preference: number[];
  reads: ModelRead[];
}

/** One read of a Pareto set model: the first `examples` images of a split (null: the run's whole subset of it). */
export interface ModelRead {
  split: 'val' | 'test';
  examples: number | null;
}

/** The answer: the model's scores at the preference, and the sparsity of its kernels there. */
export interface NetworkModelReading {
  preference: number[];
  /** Per task, percent. */
  accuracy: number[];
  nll: number[];
  /** Row metrics of the kernels with the preference's masks (SPEC §5). */
  rows: RowMetrics;
  growlPenalty: number;
  /** Parameters of the network and its FiLM conditioner. */
  parameterCount: number;
  /** Images it was measured on, and how long that took in the worker. */
  examples: number;
  split: 'val' | 'test';
  seconds: number;
}

/**
 * What the worker's run loop is doing. idle: nothing loaded; loading: fetching data / building the trainer;
 * running: stepping; paused: a run is loaded but not stepping; finishing: evaluating the final model.
 */
export type LoopState = 'idle' | 'loading' | 'running' | 'paused' | 'finishing';

/** Zero / tied / unique status of every row of one layer, for the weight heatmap. */
export interface LayerRowClasses {
  name: string;
  shape: number[];
  /** Per row: -1 zero row, otherwise the id of its group of identical rows (0-based within the layer). */
  group: Int32Array;
  /** Rows in each group (a group of size > 1 is a set of tied rows). */
  groupSize: Int32Array;
}

/** One trained kernel in TF.js layout (dense [in, out], conv [kh, kw, in, out]), float32. */
export interface KernelData {
  name: string;
  shape: number[];
  values: Float32Array;
}

/**
 * A finished run's kernels travel to the UI (and into the browser's storage, and out as a weights file) only up
 * to this size: MDMTN's are ≈ 1.2 MB, HPS's ≈ 90 kB; far larger ones would weigh on IndexedDB's quota.
 */
export const MAX_KERNEL_BYTES = 4 * 1024 * 1024;

/** An epoch reading without what the UI does not need. */
export type EpochSummary = Pick<EpochReading, 'phase' | 'outer' | 'epoch' | 'globalStep' | 'trainObjectives' | 'val' | 'growlPenalty' | 'best' | 'seconds'> & {
  sparsityRate: number;
  compressionRate: number;
};

export type WorkerMessage =
  /**
   * Loop state after every change; `runIds` are the runs it has loaded (one, or several trained at once), `queued`
   * the ids still waiting, in order.
   */
  | { kind: 'state'; state: LoopState; runIds: string[]; queued: string[]; processing: boolean }
  | { kind: 'run-started'; runId: string; totalSteps: number; sparse: boolean; backend: string }
  /**
   * Step readings of one run, packed (see stepPacking.ts); `objectives` = m, the entries of the preference;
   * `method` the run's method, whose own quantities the readings carry.
   */
  | { kind: 'steps'; runId: string; objectives: number; method: MethodName; data: Float64Array }
  | { kind: 'epoch'; runId: string; reading: EpochSummary }
  | { kind: 'note'; runId: string; message: string }
  /**
   * Work between two of the run's steps that takes seconds (the search's clustering): what it is while it goes on,
   * then null. Its progress stands still meanwhile; the page says why.
   */
  | { kind: 'working'; runId: string; work: string | null }
  /** The run's preference changed: `step` (0-based) is the first step that trains at `preference`. */
  | { kind: 'retargeted'; runId: string; step: number; preference: number[] }
  /**
   * `result`: a network run's NetworkResult or a teaching run's TeachingRunResult. `kernels`: the trained kernels
   * when together they take at most MAX_KERNEL_BYTES (else null, and `kernelBytes` says how big they were); their
   * buffers are transferred.
   */
  | {
      kind: 'run-finished';
      runId: string;
      result: FinalResult;
      layers: LayerRowClasses[];
      kernels: KernelData[] | null;
      kernelBytes: number;
      /** A network Pareto set model's every value (network and FiLM), so that it can be saved and rebuilt; buffers transferred. */
      model?: KernelData[];
    }
  /** `step`: where a divergence names one, the steps the run had taken (its record shows them beside the message). */
  | { kind: 'run-failed'; runId: string; message: string; step?: number }
  | { kind: 'run-stopped'; runId: string };

/** The API the trainer worker exposes through Comlink. All methods are async across the boundary. */
export interface TrainerWorkerApi {
  /** Chooses and initialises the TF.js backend. Call once, before anything else. */
  init(options: InitOptions): Promise<BackendReport>;
  /** Runs a small real computation (3×3 matMul + conv2d) on the active backend and returns the values. */
  selfTest(): Promise<SelfTestResult>;
  /** Gives the worker the port its `WorkerMessage[]` batches go to (pass it with Comlink.transfer). */
  connect(port: MessagePort): void;
  /**
   * Takes the Web Lock `name` and holds it for the worker's life: resolves true once it is held (false where the
   * worker has no Web Locks). The UI then asks for the same lock and is granted it when the worker is gone, however it
   * ended: also without an error event (it closed itself, or the browser ended it), which nothing else reports.
   */
  holdLifeLock(name: string): Promise<boolean>;
  /** Runs this now: a current run is stopped (discarded), then the queue goes on after it. */
  run(request: RunRequest): Promise<void>;
  /** Appends runs to the queue; they start when the queue is being processed (see startQueue). */
  enqueue(requests: RunRequest[]): Promise<void>;
  /** Processes the queue: starts its first run when nothing is loaded, and goes on after each run. */
  startQueue(): Promise<void>;
  /** Stops stepping after the current step (the run stays loaded). */
  pause(): Promise<void>;
  /** Continues a paused run. */
  resume(): Promise<void>;
  /** While paused: one optimiser step (its reading is sent at once). */
  step(): Promise<void>;
  /**
   * Ends the current run without a result and stops processing the queue (the queue is kept). With `runIds`, only
   * those: they leave the queue, and the current run ends only if it is one of them (the queue is shared by the
   * explorer and the lab; one stopping its runs leaves the other's training and going).
   */
  stop(runIds?: string[]): Promise<void>;
  /** Re-targets loaded run `runId` to preference k (from its next step on); nothing when it is no longer loaded. */
  setPreference(runId: string, k: number[]): Promise<void>;
  /**
   * A Pareto set model's answers at the query's preferences, without training (ParetoSetQuery); null when the run is
   * no longer loaded and no saved model came with the question (it just ended or was stopped: ask again).
   */
  paretoSetAnswers(query: ParetoSetQuery): Promise<number[][] | null>;
  /**
   * A network's Pareto set model at a preference, without training (NetworkModelQuery): one reading per read; null
   * when the worker no longer has that run's model (it was not such a run, or newer models took its place).
   */
  askNetworkModel(query: NetworkModelQuery): Promise<NetworkModelReading[] | null>;
  /**
   * Rebuilds a finished run's Pareto set model from its saved values (the run-finished message's `model`) and keeps it,
   * so that askNetworkModel answers again (after a reload). Throws when the values do not fit the config's model.
   */
  loadNetworkModel(request: { runId: string; config: TrainerConfig; model: KernelData[] }): Promise<true>;
  /** Lets go of the models the worker keeps for these runs (they were forgotten). */
  forgetModels(runIds: string[]): Promise<void>;
  /** A teaching problem's exact front (thinned, as a finished run carries it), so the lab draws it before any run. */
  exactFront(problem: TeachingProblemSpec, seed: number): Promise<number[][]>;
}
