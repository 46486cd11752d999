/**
 * A run's result without what the clock measured (its seconds and throughput): what two runs of the same seed must
 * agree on, whatever the machine's load — a run alone and in a stack, or a run and its recorded fixture.
 */
import type { NetworkResult } from '../readings';

export type Untimed<T> = Omit<T, 'trainingSeconds' | 'samplesPerSecond' | 'clusteringSeconds'>;

export function untimed<T extends Pick<NetworkResult, 'trainingSeconds' | 'samplesPerSecond' | 'clusteringSeconds'>>(result: T): Untimed<T> {
  const { trainingSeconds: _training, samplesPerSecond: _throughput, clusteringSeconds: _clustering, ...rest } = result;
  return rest;
}
