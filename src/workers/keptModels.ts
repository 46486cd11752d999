/**
 * The finished runs whose models the worker keeps loaded (a Pareto set model goes on answering after its run
 * ended): the newest KEPT_MODELS, each holding its network until a newer one pushes it out or its run is let go.
 */
import type { TrainerHandle } from './runHandles';

/** Finished runs whose models the worker keeps answering with (the newest ones; each holds its network). */
export const KEPT_MODELS = 2;

export class KeptModels {
  /** Oldest first. */
  private readonly handles = new Map<string, TrainerHandle>();
  /** Runs whose models were let go: one still finishing is not kept when it ends. */
  private readonly released = new Set<string>();

  get(runId: string): TrainerHandle | undefined {
    return this.handles.get(runId);
  }

  /** Keeps a run's model as the newest (disposed at once if its run was let go), disposing the oldest beyond KEPT_MODELS. */
  keep(runId: string, handle: TrainerHandle): void {
    if (this.released.has(runId)) {
      handle.dispose();
      return;
    }
    this.handles.get(runId)?.dispose();
    this.handles.delete(runId);
    this.handles.set(runId, handle);
    for (const [id, old] of this.handles) {
      if (this.handles.size <= KEPT_MODELS) break;
      old.dispose();
      this.handles.delete(id);
    }
  }

  /** Lets go of these runs' models, now and when one of them still finishing ends. */
  release(runIds: readonly string[]): void {
    for (const id of runIds) {
      this.released.add(id);
      this.handles.get(id)?.dispose();
      this.handles.delete(id);
    }
  }
}
