import { describe, expect, it } from 'vitest';
import { parseTrainArgs, UsageError } from './trainArgs';

describe('npm run train arguments', () => {
  it('parses the documented options into a config', () => {
    const o = parseTrainArgs(
      '--problem multimnist --net hps --k 0.01,0.5,0.49 --variant reference --seed 7 --epochs-search 2 --epochs-retrain 4 --inner-epochs 2 --retrain-inner-epochs 1 --train-subset 1000 --backend cpu --out r.json'.split(' '),
    );
    expect(o.config).toMatchObject({
      network: 'hps',
      preference: [0.01, 0.5, 0.49],
      variant: 'reference',
      seed: 7,
      searchIterations: 2,
      retrainIterations: 4,
      innerEpochs: 2,
      retrainInnerEpochs: 1,
      trainSubset: 1000,
      mu0: 2.5e-8,
    });
    expect(o.backend).toBe('cpu');
    expect(o.out).toBe('r.json');
  });

  it('selects the scalarization method and its hyper-parameters', () => {
    const o = parseTrainArgs('--method smooth-tchebycheff --smooth-mu 0.05 --mirror-step 3'.split(' '));
    expect(o.config).toMatchObject({ method: 'smooth-tchebycheff', smoothMu: 0.05, mirrorStepSize: 3 });
    expect(parseTrainArgs([]).config.method).toBe('chebyshev-al');
    expect(() => parseTrainArgs(['--method', 'pcgrad'])).toThrow(/--method must be one of/);
    expect(() => parseTrainArgs(['--smooth-mu', '0'])).toThrow(/smoothMu must be a positive number/);
  });

  it('selects the prox schedule and the unit of f_0', () => {
    expect(parseTrainArgs([]).config).toMatchObject({ proxEvery: 'step', normalizePenalty: true });
    expect(parseTrainArgs('--variant reference'.split(' ')).config.normalizePenalty).toBe(false);
    expect(parseTrainArgs('--prox-every epoch --penalty raw'.split(' ')).config).toMatchObject({ proxEvery: 'epoch', normalizePenalty: false });
    expect(parseTrainArgs('--prox-every epoch --hold-zero-rows'.split(' ')).config).toMatchObject({ proxEvery: 'epoch', holdZeroRows: true });
    expect(parseTrainArgs([]).config.holdZeroRows).toBeUndefined();
    expect(parseTrainArgs('--init lsuv'.split(' ')).config).toMatchObject({ initialization: 'lsuv' });
    expect(() => parseTrainArgs('--init orthogonal'.split(' '))).toThrow(/--init/);
    expect(parseTrainArgs('--tie-every step'.split(' ')).config).toMatchObject({ tieEvery: 'step' });
    expect(parseTrainArgs('--recipe held'.split(' ')).config).toMatchObject({ proxEvery: 'epoch', holdZeroRows: true, initialization: 'lsuv', proxScale: 6.5e3, tieEvery: 'step' });
    expect(parseTrainArgs('--recipe held --prox-scale 5e3 --init glorot-he'.split(' ')).config).toMatchObject({ proxScale: 5e3, initialization: 'glorot-he', holdZeroRows: true });
    expect(parseTrainArgs('--recipe paper'.split(' ')).config).toEqual(parseTrainArgs([]).config);
    expect(() => parseTrainArgs('--recipe fast'.split(' '))).toThrow(/--recipe/);
    expect(parseTrainArgs([]).config.tieEvery).toBeUndefined();
    expect(() => parseTrainArgs('--tie-every batch'.split(' '))).toThrow(/--tie-every/);
    expect(() => parseTrainArgs('--penalty log'.split(' '))).toThrow(/penalty/);
  });

  it('selects the paper defaults of the problem and network', () => {
    const mdmtn = parseTrainArgs('--problem cifar10mnist --net mdmtn --k 0.01,0.8,0.19'.split(' ')).config;
    expect(mdmtn).toMatchObject({
      problem: 'cifar10mnist',
      network: 'mdmtn',
      preference: [0.01, 0.8, 0.19],
      learningRate: 1e-4,
      lrDecay: 0.98,
      apPreference: 0.8,
      maxLayerSparsity: 0.3,
      minSparsity: 10,
      augmentRotation: 0,
    });
    expect(parseTrainArgs('--problem cifar10mnist --net hps'.split(' ')).config).toMatchObject({ maxLayerSparsity: 0.15, minSparsity: 5 });
    expect(parseTrainArgs('--problem cifar10mnist --variant reference'.split(' ')).config.mu0).toBe(6.8e-8);
    expect(parseTrainArgs('--net hps'.split(' ')).config).toMatchObject({ problem: 'multimnist', minSparsity: 10, maxLayerSparsity: 0.8, learningRate: 0.0025 });
    // Explicit options win over the problem's defaults.
    const o = parseTrainArgs('--problem cifar10mnist --lr 0.001 --min-sparsity 3 --layer-cap 0.5 --rotate 20'.split(' ')).config;
    expect(o).toMatchObject({ learningRate: 0.001, minSparsity: 3, maxLayerSparsity: 0.5, augmentRotation: 20 });
  });

  it('uses the paper defaults when given nothing', () => {
    const o = parseTrainArgs([]);
    expect(o.config.preference).toEqual([0.001, 0.2, 0.799]);
    expect(o.config.variant).toBe('phr');
    expect(o.backend).toBe('wasm');
    expect(o.config.retrainInnerEpochs).toBe(3);
  });

  const bad: [string, RegExp][] = [
    ['--net resnet', /--net must be one of mdmtn, hps/],
    ['--k 0.5,0.6', /3 entries/],
    ['--k 0.5,0.6,0.1', /sum to 1/],
    ['--k a,b,c', /comma-separated numbers/],
    ['--k=-0.2,0.6,0.6', /≥ 0/],
    ['--seed 1.5', /whole number/],
    ['--inner-epochs 0', /at least 1/],
    ['--lr=-1', /number ≥ 0/],
    ['--backend webgpu', /--backend must be one of wasm, cpu/],
    ['--problem cifar', /--problem must be one of multimnist, cifar10mnist/],
    ['--rotate 200', /augmentRotation must be in \[0, 180\]/],
    ['--layer-cap 1.5', /maxLayerSparsity must be in \[0, 1\]/],
    ['--epochs 3', /Unknown option/],
    ['--train-subset 0', /at least 1/],
  ];
  for (const [args, message] of bad) {
    it(`rejects ${args} with a clear message`, () => {
      expect(() => parseTrainArgs(args.split(' '))).toThrow(UsageError);
      expect(() => parseTrainArgs(args.split(' '))).toThrow(message);
    });
  }
});
