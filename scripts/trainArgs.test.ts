import { describe, expect, it } from 'vitest';
import { defaultConfig, resolveConfig, defaultSettings } from '../src/experiment/config';
import { parseTrainArgs, TRAIN_USAGE, trainUsage, UsageError } from './trainArgs';

describe('npm run train arguments', () => {
  it('takes numbers in decimals only, as a link does (0x10 is no seed)', () => {
    expect(() => parseTrainArgs(['--seed', '0x10'])).toThrow("--seed must be a whole number from 0 to 4294967295, got '0x10'");
    expect(() => parseTrainArgs(['--k', '0x0,0.5,0.5'])).toThrow("--k must be comma-separated numbers, got '0x0,0.5,0.5'");
    expect(parseTrainArgs(['--seed', '16']).config.seed).toBe(16);
  });

  it('parses the documented options into a config', () => {
    const o = parseTrainArgs(
      '--problem multimnist --net hps --k 0.01,0.5,0.49 --variant reference --seed 7 --search-iterations 2 --retrain-iterations 4 --inner-epochs 2 --retrain-inner-epochs 1 --train-subset 1000 --backend cpu --out r.json'.split(' '),
      { INIT_CWD: '/tmp' },
    );
    expect(o.config).toMatchObject({
      network: 'hps',
      preference: [0.01, 0.5, 0.49],
      method: { name: 'chebyshev-al', variant: 'reference', mu0: 2.5e-8 },
      seed: 7,
      searchIterations: 2,
      retrainIterations: 4,
      innerEpochs: 2,
      retrainInnerEpochs: 1,
      trainSubset: 1000,
    });
    expect(o.backend).toBe('cpu');
    expect(o.out).toBe('/tmp/r.json');
  });

  it('reads paths from the folder the command was typed in (npm run starts it in the repository root), --out - as standard output', () => {
    // npm says where it was typed in INIT_CWD.
    const typedIn = { INIT_CWD: '/tmp/work' };
    expect(parseTrainArgs(['--out', '../r.json'], typedIn).out).toBe('/tmp/r.json');
    expect(parseTrainArgs(['--data', 'data'], typedIn).dataDir).toBe('/tmp/work/data');
    expect(parseTrainArgs(['--data', 'synthetic'], typedIn).dataDir).toBe('synthetic');
    expect(parseTrainArgs([], { ...typedIn, PARETOSCOPE_DATA_DIR: 'mine' }).dataDir).toBe('/tmp/work/mine');
    expect(parseTrainArgs(['--out', '-'], typedIn).out).toBe('-');
  });

  it("loads from the data folder PARETOSCOPE_DATA_DIR names, else the repository's public/data, unless --data says", () => {
    expect(parseTrainArgs([], { PARETOSCOPE_DATA_DIR: '/tmp/elsewhere' }).dataDir).toBe('/tmp/elsewhere');
    expect(parseTrainArgs([], {}).dataDir).toMatch(/public[/\\]data$/);
    expect(parseTrainArgs(['--data', '/tmp/mine'], { PARETOSCOPE_DATA_DIR: '/tmp/elsewhere' }).dataDir).toBe('/tmp/mine');
  });

  it('--preferences: a run of each vector at once, checked to stack', () => {
    const o = parseTrainArgs(['--net', 'hps', '--seed', '3', '--preferences', '0.2,0.4,0.4;0.5,0.25,0.25']);
    expect(o.together?.map((c) => c.preference)).toEqual([[0.2, 0.4, 0.4], [0.5, 0.25, 0.25]]);
    expect(o.together?.every((c) => c.seed === 3 && c.network === 'hps')).toBe(true);
    expect(o.config).toBe(o.together?.[0]);
    expect(parseTrainArgs(['--preferences', 'paper']).together).toHaveLength(18);
    // A vector of the set that is refused is named by its values, not as --k.
    expect(() => parseTrainArgs(['--preferences', '0.1,0.4,0.5;0.2,0.2,0.5'])).toThrow('--preferences: k = (0.2, 0.2, 0.5) must sum to 1, sums to 0.9');
    // One vector, or the same twice: named as the flag given, not as --k.
    expect(() => parseTrainArgs(['--preferences', '0.5,0.5,0.5'])).toThrow(/^--preferences: k = \(0\.5, 0\.5, 0\.5\) must sum to 1, sums to 1\.5$/);
    expect(() => parseTrainArgs(['--preferences', '0.2,0.4,0.4;0.5,0.25,0.25;0.2,0.4,0.4'])).toThrow(/^--preferences: k = \(0\.2, 0\.4, 0\.4\) is listed twice$/);
    // A problem of every run of the set is said once, as for one run.
    expect(() => parseTrainArgs('--preferences paper --recipe held --prox-every step'.split(' '))).toThrow(
      /^--hold-zero-rows needs --prox-every 'epoch' \(the held and graded recipes turn it on: --no-hold-zero-rows turns it off\)$/,
    );
    expect(parseTrainArgs([]).together).toBeNull();
    expect(() => parseTrainArgs(['--k0', '0.1'])).toThrow('--k0, --size and --at-once go with --preferences');
    expect(() => parseTrainArgs(['--at-once', '2'])).toThrow('--k0, --size and --at-once go with --preferences');
    // At most 8 at once (the browser's limit) unless told fewer: the paper's 18 go in groups.
    expect(parseTrainArgs(['--preferences', 'paper']).atOnce).toBe(8);
    expect(parseTrainArgs(['--preferences', 'paper', '--at-once', '3']).atOnce).toBe(3);
    for (const bad of ['0', '9', '2.5', 'x']) expect(() => parseTrainArgs(['--preferences', 'paper', '--at-once', bad])).toThrow(`--at-once must be a whole number from 1 to 8, got '${bad}'`);
    expect(() => parseTrainArgs(['--preferences', 'paper', '--k', '0.2,0.4,0.4'])).toThrow('give --preferences or --k, not both');
    expect(() => parseTrainArgs(['--preferences', 'paper', '--method', 'mgda'])).toThrow(/MGDA takes one gradient per objective/);
    expect(parseTrainArgs(['--preferences', 'paper', '--problem', 'cifar10mnist']).together).toHaveLength(18);
    expect(() => parseTrainArgs(['--preferences', '0.2,0.4,0.4;0,0.5,0.5'])).toThrow(/run 2 is a plain run \(k₀ = 0\) and run 1 is not/);
    expect(() => parseTrainArgs(['--preferences', '0.2,0.4,0.4;0.5,0.5'])).toThrow(/k = \(0.5, 0.5\)/);
  });

  it("selects the scalarization method and its own hyper-parameters; another method's is refused", () => {
    expect(parseTrainArgs('--method smooth-tchebycheff --smooth-mu 0.05'.split(' ')).config.method).toEqual({ name: 'smooth-tchebycheff', smoothMu: 0.05 });
    expect(parseTrainArgs('--method chebyshev-md --mirror-step 3'.split(' ')).config.method).toEqual({ name: 'chebyshev-md', mirrorStepSize: 3 });
    expect(parseTrainArgs(['--method', 'linear']).config.method).toEqual({ name: 'linear' });
    expect(parseTrainArgs([]).config.method.name).toBe('chebyshev-al');
    expect(() => parseTrainArgs(['--method', 'pcgrad'])).toThrow(/--method must be one of/);
    // A Pareto set model: the networks' psl defaults (docs/decisions/psl-network.md), measured at --k.
    expect(parseTrainArgs('--method psl --k 0.2,0.4,0.4'.split(' ')).config).toMatchObject({ method: { name: 'psl', pslAggregation: 'smooth', pslPreferences: 1, pslHidden: 16 }, preference: [0.2, 0.4, 0.4] });
    expect(() => parseTrainArgs('--method smooth-tchebycheff --smooth-mu 0'.split(' '))).toThrow(/--smooth-mu must be a number from 0.000001 to 100, got '0'/);
    expect(() => parseTrainArgs('--smooth-mu 0.05'.split(' '))).toThrow(/--smooth-mu is a parameter of the smooth-tchebycheff method, not of chebyshev-al/);
    expect(() => parseTrainArgs('--method linear --variant reference'.split(' '))).toThrow(/--variant is a parameter of the chebyshev-al method/);
  });

  it('selects the prox schedule and the unit of f_0', () => {
    expect(parseTrainArgs([]).config).toMatchObject({ proxEvery: 'step', penalty: 'relative', holdZeroRows: false, tieEvery: 'epoch', initialization: 'glorot-he' });
    expect(parseTrainArgs('--variant reference'.split(' ')).config.penalty).toBe('raw');
    expect(parseTrainArgs('--method linear'.split(' ')).config.penalty).toBe('relative');
    expect(parseTrainArgs('--prox-every epoch --penalty raw'.split(' ')).config).toMatchObject({ proxEvery: 'epoch', penalty: 'raw' });
    expect(parseTrainArgs('--prox-every epoch --hold-zero-rows'.split(' ')).config).toMatchObject({ proxEvery: 'epoch', holdZeroRows: true });
    expect(parseTrainArgs('--init lsuv'.split(' ')).config).toMatchObject({ initialization: 'lsuv' });
    expect(() => parseTrainArgs('--init orthogonal'.split(' '))).toThrow(/--init must be one of glorot-he, lsuv, got 'orthogonal'/);
    expect(parseTrainArgs('--tie-every step'.split(' ')).config).toMatchObject({ tieEvery: 'step' });
    expect(parseTrainArgs('--recipe held'.split(' ')).config).toMatchObject({ proxEvery: 'epoch', holdZeroRows: true, initialization: 'lsuv', proxScale: 6.5e3, tieEvery: 'step' });
    expect(parseTrainArgs('--recipe held --prox-scale 5e3 --init glorot-he'.split(' ')).config).toMatchObject({ proxScale: 5e3, initialization: 'glorot-he', holdZeroRows: true });
    expect(parseTrainArgs('--recipe paper'.split(' ')).config).toEqual(parseTrainArgs([]).config);
    expect(() => parseTrainArgs('--recipe fast'.split(' '))).toThrow(/--recipe/);
    expect(() => parseTrainArgs('--tie-every batch'.split(' '))).toThrow(/--tie-every/);
    expect(() => parseTrainArgs('--penalty log'.split(' '))).toThrow(/penalty/);
    expect(() => parseTrainArgs('--hold-zero-rows'.split(' '))).toThrow("--hold-zero-rows needs --prox-every 'epoch'");
    // A recipe's flag given off: the held recipe with the prox every step, its rows not held.
    expect(parseTrainArgs('--recipe held --prox-every step --no-hold-zero-rows'.split(' ')).config).toMatchObject({ proxEvery: 'step', holdZeroRows: false, tieEvery: 'step' });
    expect(() => parseTrainArgs('--recipe held --prox-every step'.split(' '))).toThrow("--hold-zero-rows needs --prox-every 'epoch' (the held and graded recipes turn it on: --no-hold-zero-rows turns it off)");
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
    expect(parseTrainArgs('--problem cifar10mnist --variant reference'.split(' ')).config.method).toMatchObject({ mu0: 6.8e-8 });
    expect(parseTrainArgs('--net hps'.split(' ')).config).toMatchObject({ problem: 'multimnist', minSparsity: 10, maxLayerSparsity: 0.8, learningRate: 0.0025 });
    // Explicit options win over the problem's defaults.
    const o = parseTrainArgs('--problem cifar10mnist --lr 0.001 --min-sparsity 3 --layer-cap 0.5 --rotate 20'.split(' ')).config;
    expect(o).toMatchObject({ learningRate: 0.001, minSparsity: 3, maxLayerSparsity: 0.5, augmentRotation: 20 });
  });

  it('uses the paper defaults when given nothing, and the explorer budgets with --budget', () => {
    const o = parseTrainArgs([]);
    expect(o.config).toEqual(defaultConfig());
    expect(o.backend).toBe('wasm');
    expect(parseTrainArgs(['--backend', 'webgpu']).backend).toBe('webgpu');
    expect(TRAIN_USAGE).toMatch(/--backend wasm\|cpu\|webgpu +TF\.js backend in Node/);
    // The explorer's budget with SPEC's recipe (the explorer's default recipe is held: --recipe held).
    expect(parseTrainArgs('--budget tiny --k 0.2,0.4,0.4'.split(' ')).config).toEqual(resolveConfig({ ...defaultSettings('tiny'), recipe: 'paper' }, [0.2, 0.4, 0.4]));
    expect(parseTrainArgs('--budget tiny --net mdmtn'.split(' ')).config.network).toBe('mdmtn');
  });

  it('a run written as flags is the run of the explorer with the same settings', () => {
    const flags = '--budget quick --net hps --method linear --recipe held --seed 4 --lr 0.01 --train-subset all --k 0.3,0.3,0.4';
    expect(parseTrainArgs(flags.split(' ')).config).toEqual(
      resolveConfig({ ...defaultSettings('quick'), method: 'linear', recipe: 'held', overrides: { seed: 4, learningRate: 0.01, trainSubset: null } }, [0.3, 0.3, 0.4]),
    );
  });

  it("--link runs the explorer's experiment of a link, with the app's defaults where it leaves values out; flags change it", () => {
    // The app's defaults, not the command line's paper ones: the graded recipe, k = (0.2, 0.4, 0.4).
    const app = (overrides: Record<string, unknown>, k = [0.2, 0.4, 0.4]) => resolveConfig({ ...defaultSettings('tiny'), overrides }, k);
    const linked = parseTrainArgs(['--link', 'http://localhost:5173/#v=3&budget=tiny&learningRate=0.01']);
    expect(linked.config).toEqual(app({ learningRate: 0.01 }));
    expect(linked.notes).toEqual([]);
    // The part from # alone; a flag given as well wins.
    expect(parseTrainArgs(['--link', '#v=3&budget=tiny&learningRate=0.01', '--k', '0.5,0.25,0.25', '--seed', '3']).config).toEqual(app({ learningRate: 0.01, seed: 3 }, [0.5, 0.25, 0.25]));
    // Another method by flag: the link's values of its method are not carried over; its budget keeps its network.
    const other = parseTrainArgs(['--link', '#v=3&budget=tiny&method=smooth-tchebycheff&smoothMu=0.05', '--method', 'linear']).config;
    expect(other).toEqual(resolveConfig({ ...defaultSettings('tiny'), method: 'linear' }, [0.2, 0.4, 0.4]));
    expect(parseTrainArgs(['--link', '#v=3&budget=tiny&method=smooth-tchebycheff&smoothMu=0.05']).config.method).toEqual({ name: 'smooth-tchebycheff', smoothMu: 0.05 });
    // The link's list is said, with the flag that trains it.
    expect(parseTrainArgs(['--link', '#v=3&budget=tiny&q=0.2,0.4,0.4;0.5,0.25,0.25']).notes).toEqual([
      "the link's list of 2 preferences is not trained (this run is its k); all of them at once: --preferences '0.2,0.4,0.4;0.5,0.25,0.25'",
    ]);
    // Read whole or refused, naming the field; a lab link is no network run.
    expect(() => parseTrainArgs(['--link', '#v=3&budget=tny'])).toThrow('--link: budget: "tny" is not one of tiny, quick, paper');
    expect(() => parseTrainArgs(['--link', '#problem=width-transition&width=1'])).toThrow('--link: a teaching lab link (problem width-transition)');
  });

  it('--help lists every flag with its default per problem and network', () => {
    expect(TRAIN_USAGE).toMatch(/--lr X +the optimiser's initial step size \(default MM 0\.0025, C10M 0\.0001\)/);
    expect(TRAIN_USAGE).toMatch(/--min-sparsity X .*\(default MM 20 MDMTN \/ 10 HPS, C10M 10 MDMTN \/ 5 HPS\)/);
    expect(TRAIN_USAGE).toMatch(/--mu0 X .*\[chebyshev-al\] \(default 1; MM 2\.5e-8, C10M 6\.8e-8 for --variant reference\)/);
    expect(TRAIN_USAGE).toMatch(/held = --prox-every epoch --hold-zero-rows --init lsuv --prox-scale 6500 --tie-every step/);
    // --budget tiny --help: that budget's defaults.
    expect(TRAIN_USAGE).toMatch(/--search-iterations N .*\(default 3\)/);
    expect(trainUsage('tiny')).toMatch(/--search-iterations N .*\(default 1\)/);
    expect(parseTrainArgs(['--budget', 'tiny', '--help'])).toMatchObject({ help: true, budget: 'tiny' });
  });

  it('reads the former names of renamed flags, unlisted; both names of one flag are refused', () => {
    const former = parseTrainArgs('--budget tiny --epochs-search 2 --epochs-retrain 4'.split(' ')).config;
    expect(former).toEqual(parseTrainArgs('--budget tiny --search-iterations 2 --retrain-iterations 4'.split(' ')).config);
    expect(former).toMatchObject({ searchIterations: 2, retrainIterations: 4 });
    const plain = parseTrainArgs('--budget tiny --k 0,0.5,0.5 --epochs-plain 5'.split(' ')).config;
    expect(plain).toEqual(parseTrainArgs('--budget tiny --k 0,0.5,0.5 --plain-iterations 5'.split(' ')).config);
    expect(plain).toMatchObject({ plainIterations: 5 });
    expect(() => parseTrainArgs('--epochs-search 2 --search-iterations 3'.split(' '))).toThrow(
      /^--epochs-search is the former name of --search-iterations: give one of them, not both$/,
    );
    // Messages name today's flag, and --help lists only it.
    expect(() => parseTrainArgs('--epochs-search 0'.split(' '))).toThrow(/^--search-iterations must be at least 1 for a sparse run/);
    expect(trainUsage()).not.toMatch(/epochs-search|epochs-retrain|epochs-plain/);
    expect(TRAIN_USAGE).toMatch(/--retrain-iterations N .*\(default 10\)/);
  });

  it("refuses a flag the run's kind does not read: a sparse run's schedule and prox at k₀ = 0, the plain schedule at k₀ > 0", () => {
    expect(() => parseTrainArgs('--budget tiny --k 0,0.5,0.5 --search-iterations 2'.split(' '))).toThrow(
      /^--search-iterations is not read by a run without sparsity \(k₀ = 0\): it trains --plain-iterations outer iterations, with no prox, clustering or tied rows$/,
    );
    expect(() => parseTrainArgs('--budget tiny --k 0,0.5,0.5 --retrain-iterations 2 --prox-scale 3 --tie-every step'.split(' '))).toThrow(
      /^--retrain-iterations, --prox-scale and --tie-every are not read by a run without sparsity/,
    );
    expect(() => parseTrainArgs('--budget tiny --k 0.2,0.4,0.4 --plain-iterations 3'.split(' '))).toThrow(
      /^--plain-iterations is not read by a sparse run \(k₀ > 0\): it searches for --search-iterations and retrains for --retrain-iterations outer iterations$/,
    );
    // A Pareto set model reads the sparse schedule for its own at any k.
    expect(parseTrainArgs('--budget tiny --method psl --k 0,0.5,0.5 --search-iterations 2'.split(' ')).config.searchIterations).toBe(2);
    // A set mixing the two kinds cannot train at once: said first.
    expect(() => parseTrainArgs('--budget tiny --preferences 0,0.5,0.5;0.2,0.4,0.4 --search-iterations 2'.split(' '))).toThrow(/^--preferences: run 2 is sparse \(k₀ > 0\) and run 1 is not: their schedules differ/);
    // Runs at once: said once for every run.
    expect(() => parseTrainArgs('--budget tiny --preferences 0,0.5,0.5;0,0.3,0.7 --search-iterations 2'.split(' '))).toThrow(/^--search-iterations is not read by a run without sparsity/);
  });

  it('an unknown flag is answered with the known one it most likely meant, in one line', () => {
    const message = (args: string) => {
      try {
        parseTrainArgs(args.split(' '));
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    expect(message('--network hps')).toBe("Unknown option '--network': did you mean --net?");
    expect(message('--searchIterations 2')).toBe("Unknown option '--searchIterations': did you mean --search-iterations?");
    expect(message('--learningRate 0.01')).toBe("Unknown option '--learningRate': did you mean --lr?");
    expect(message('--epoch-search 2')).toBe("Unknown option '--epoch-search': did you mean --search-iterations?");
    expect(message('--inner-epoch 2')).toBe("Unknown option '--inner-epoch': did you mean --inner-epochs?");
    expect(message('--seeds 1-3')).toBe("Unknown option '--seeds': did you mean --seed?");
    expect(message('--zzz')).toBe("Unknown option '--zzz'");
  });

  it('--method with a method key of sweeps and links says which flags it stands for', () => {
    expect(() => parseTrainArgs(['--method', 'chebyshev-al-reference'])).toThrow(
      /^--method must be one of chebyshev-al, .*, got 'chebyshev-al-reference': that is a method key of sweeps and links, here --method chebyshev-al --variant reference$/,
    );
  });

  const bad: [string, RegExp][] = [
    ['--net resnet', /--net must be one of hps, mdmtn/],
    ['--k 0.5,0.6', /3 entries/],
    ['--k 0.5,0.6,0.1', /sum to 1/],
    ['--k a,b,c', /comma-separated numbers/],
    ['--k=-0.2,0.6,0.6', /≥ 0/],
    ['--seed 1.5', /--seed must be a whole number from 0 to 4294967295, got '1.5'/],
    ['--inner-epochs 0', /--inner-epochs must be a whole number from 1 to 100/],
    ['--lr=-1', /--lr must be a number greater than 0 and at most 10, got '-1'/],
    // A negative number after a flag that takes a value is its value, refused by its range, not "ambiguous".
    ['--lr -0.01', /^--lr must be a number greater than 0 and at most 10, got '-0.01'$/],
    ['--k -0.1,0.6,0.5', /≥ 0/],
    ['--out /nonexistent-paretoscope/x.json', /^--out \/nonexistent-paretoscope\/x\.json: the folder \/nonexistent-paretoscope does not exist$/],
    ['--out .', /^--out \. is a folder, not a file$/],
    ['--out newdir/', /^--out newdir\/ is a folder, not a file$/],
    ['--backend webgl', /--backend must be one of wasm, cpu, webgpu, got 'webgl'/],
    ['--problem cifar', /--problem must be one of multimnist, cifar10mnist/],
    ['--rotate 200', /--rotate must be a number from 0 to 180, got '200'/],
    ['--layer-cap 1.5', /--layer-cap must be a number from 0 to 1/],
    ['--epochs 3', /Unknown option/],
    ['--train-subset 0', /--train-subset must be a whole number from 1 to 1000000 \(or all\)/],
    ['--search-iterations 0', /^--search-iterations must be at least 1 for a sparse run/],
    ['--k 0.5,0.6,0.1', /^--k must sum to 1, sums to 1\.2$/],
    ['--k 0.3333,0.3333,0.3333', /^--k must sum to 1, sums to 0\.9999 \(rounded entries\? 0\.3334, 0\.3333, 0\.3333 sums to 1\)$/],
  ];
  for (const [args, message] of bad) {
    it(`rejects ${args} with a clear message`, () => {
      expect(() => parseTrainArgs(args.split(' '))).toThrow(UsageError);
      expect(() => parseTrainArgs(args.split(' '))).toThrow(message);
    });
  }
});
