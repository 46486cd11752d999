import { describe, expect, it } from 'vitest';
import { defaultSettings, resolveConfig } from '../../experiment/config';
import { newNetworkRun } from '../runs/runRecord';
import { NETWORK_MODEL_FILE_FORMAT, networkModelFileText } from './networkModelFile';

describe('the network Pareto set model file', () => {
  it('holds the config that rebuilds it and every tensor by name, with as many values as its shape says', () => {
    const run = newNetworkRun('m', 3, resolveConfig({ ...defaultSettings('tiny'), method: 'psl' }, [0.2, 0.4, 0.4]));
    const tensors = [
      { name: 'shared.conv1.kernel', shape: [2, 1, 1, 2], values: new Float32Array([1, 2, 3, 4]) },
      { name: 'psl.film.b2', shape: [2], values: new Float32Array([0.5, -0.5]) },
    ];
    const file = JSON.parse(networkModelFileText(run, tensors)) as { format: string; run: number; config: { method: { name: string } }; tensors: { name: string; shape: number[]; values: number[] }[] };
    expect(file.format).toBe(NETWORK_MODEL_FILE_FORMAT);
    expect(file.run).toBe(3);
    expect(file.config.method.name).toBe('psl');
    expect(file.tensors.map((t) => t.name)).toEqual(['shared.conv1.kernel', 'psl.film.b2']);
    for (const t of file.tensors) expect(t.values).toHaveLength(t.shape.reduce((a, b) => a * b, 1));
  });
});
