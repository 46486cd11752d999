import { describe, expect, it } from 'vitest';
import { ARCHITECTURES, isGrowlEligible, networkLayers, specParameterCount, trunkProblems } from './architectures';
import { DATA_PROBLEM_NAMES } from '../experiment/choices';

describe('architectures of SPEC §2', () => {
  it('have the SPEC parameter counts (kernels, biases, batch-norm γ/β; no α, no running statistics)', () => {
    expect(specParameterCount(ARCHITECTURES.multimnist, 'mdmtn')).toBe(311_490);
    expect(specParameterCount(ARCHITECTURES.multimnist, 'hps')).toBe(22_350);
    expect(specParameterCount(ARCHITECTURES.cifar10mnist, 'mdmtn')).toBe(505_524);
    expect(specParameterCount(ARCHITECTURES.cifar10mnist, 'hps')).toBe(42_740);
  });

  it('chain channels and flattened sizes consistently', () => {
    for (const problem of DATA_PROBLEM_NAMES) {
      const arch = ARCHITECTURES[problem];
      expect(trunkProblems(arch, arch.shared, 'shared')).toEqual([]);
      expect(trunkProblems(arch, arch.monitor, 'monitor')).toEqual([]);
    }
    const broken = { ...ARCHITECTURES.cifar10mnist, shared: ARCHITECTURES.cifar10mnist.shared.map((s) => (s.type === 'dense' ? { ...s, inFeatures: 1000 } : s)) };
    expect(trunkProblems(broken, broken.shared, 'shared')).toEqual(['shared.fc: reads 1000 features, gets 1152']);
  });

  it('exclude the heads and the layers that read the image from GrOWL', () => {
    const names = (problem: 'multimnist' | 'cifar10mnist', kind: 'mdmtn' | 'hps') =>
      networkLayers(ARCHITECTURES[problem], kind, 2)
        .filter(isGrowlEligible)
        .map((l) => l.name);
    for (const problem of DATA_PROBLEM_NAMES) {
      expect(names(problem, 'mdmtn')).toEqual(['shared.conv2', 'shared.fc', 'monitor1.fc', 'monitor2.fc']);
      expect(names(problem, 'hps')).toEqual(['shared.conv2', 'shared.fc']);
    }
    const cifar = networkLayers(ARCHITECTURES.cifar10mnist, 'mdmtn', 2);
    expect(cifar.filter((l) => l.batchNorm === true).map((l) => l.name)).toEqual(['shared.conv1', 'shared.conv2', 'monitor1.conv', 'monitor2.conv']);
    expect(cifar.find((l) => l.name === 'monitor1.fc')?.shape).toEqual([7200, 32]);
  });
});
