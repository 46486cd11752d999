import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../engine/random';
import { BACKEND_NAMES, BUDGET_NAMES, MAX_RUNS_AT_ONCE, METHOD_KEYS, METHOD_NAMES, NETWORK_NAMES, PROBLEM_NAMES, RECIPE_NAMES, VARIANT_NAMES } from '../choices';
import { LAB_PARAMETER_BY_KEY } from '../labParameters';
import type { NumberSpec, ParameterSpec } from '../parameter';
import { roundPreference } from '../preference';
import { decodeFields, encodeExperiment, SHARED_KEYS } from './codec';
import { canonicalExperiment, defaultExperiment, experimentSchema, SHARED_PARAMETERS, TOUR_STEP_COUNT, type SharedExperiment } from './experiment';
import { decodeLink, linkFor } from './location';

const pick = <T>(rng: Rng, values: readonly T[]): T => values[rng.int(values.length)];

function randomNumber(rng: Rng, spec: NumberSpec): number | null {
  if (spec.nullable && rng.next() < 0.2) return null;
  const r = rng.next();
  if (spec.integer) {
    if (r < 0.1) return spec.min;
    if (r < 0.2) return spec.max;
    // Log-uniform so that small and large values both come up.
    const hi = Math.log(spec.max - spec.min + 1);
    return Math.min(spec.max, spec.min + Math.floor(Math.exp(rng.next() * hi)) - 1);
  }
  if (r < 0.1) return spec.max;
  if (r < 0.2 && !spec.minExclusive) return spec.min;
  const span = spec.max - spec.min;
  const v = spec.min + span * rng.next() ** 4;
  const rounded = Number(v.toPrecision(1 + rng.int(17)));
  return rounded > spec.min && rounded <= spec.max ? rounded : spec.max;
}

function randomPreference(rng: Rng): [number, number, number] {
  const r = rng.next();
  if (r < 0.1) return pick(rng, [[1, 0, 0], [0, 1, 0], [0, 0.5, 0.5], [0.001, 0.2, 0.799]] as [number, number, number][]);
  return roundPreference([rng.next(), rng.next(), rng.next()].map((v) => v ** 2 + 1e-9));
}

function randomValue(rng: Rng, spec: ParameterSpec): unknown {
  if (spec.kind === 'number') return randomNumber(rng, spec);
  if (spec.kind === 'enum') return pick(rng, spec.values);
  return rng.next() < 0.5;
}

/** A random valid experiment. */
function randomExperiment(rng: Rng): SharedExperiment {
  const budget = pick(rng, BUDGET_NAMES);
  const e: SharedExperiment = {
    ...defaultExperiment(budget),
    problem: pick(rng, PROBLEM_NAMES),
    network: pick(rng, NETWORK_NAMES),
    method: pick(rng, METHOD_NAMES),
    variant: pick(rng, VARIANT_NAMES),
    recipe: pick(rng, RECIPE_NAMES),
    backend: rng.next() < 0.5 ? null : pick(rng, BACKEND_NAMES),
    atOnce: rng.next() < 0.5 ? null : 1 + rng.int(MAX_RUNS_AT_ONCE),
    k: randomPreference(rng),
    // Each preference at most once (a repeat is left out of the list, with a message).
    q: [...new Map(Array.from({ length: rng.int(6) }, () => randomPreference(rng)).map((k) => [k.join(','), k])).values()],
    axes: rng.next() < 0.5 ? 'loss' : 'error',
    sparsityAxis: rng.next() < 0.5,
    reference: rng.next() < 0.5 ? null : [Number((rng.next() * 10).toPrecision(4)), Number((rng.normal() * 100).toPrecision(3))],
    tasks: rng.next() < 0.5 ? 2 : 3,
    // A random subset of the methods in a random order (possibly empty).
    methods: METHOD_KEYS.filter(() => rng.next() < 0.4).sort(() => rng.next() - 0.5),
    parallel: rng.next() < 0.5,
  };
  // The lab's preference: one weight per objective of the lab's problem (2 or 3 where the link does not open the lab).
  const objectives = e.problem === 'fonseca-fleming' ? 2 : e.problem === 'width-transition' ? e.tasks : 2 + rng.int(2);
  if (rng.next() < 0.5) e.labK = roundPreference(Array.from({ length: objectives }, () => rng.next() ** 2 + 1e-9));
  // A pair of objectives of the lab's problem: a link naming a third of a two-objective problem is told so.
  const labProblem = e.problem === 'fonseca-fleming' || e.problem === 'width-transition';
  e.projection = labProblem && objectives === 2 ? [1, 2] : pick(rng, [[1, 2], [1, 3], [2, 3]] as [number, number][]);
  // The tour's open step, on any problem: the explorer's view drops it (canonicalExperiment), so no link carries it there.
  if (rng.next() < 0.4) e.tour = 1 + rng.int(TOUR_STEP_COUNT);
  for (const field of ['dimension', 'width', 'similarity', 'sweep'] as const) if (rng.next() < 0.5) e[field] = randomNumber(rng, LAB_PARAMETER_BY_KEY[field]) as number;
  for (const spec of SHARED_PARAMETERS) if (rng.next() < 0.4) (e as Record<string, unknown>)[spec.key] = randomValue(rng, spec);
  return e;
}

describe('the experiment in a link', () => {
  it('round-trips 300 random valid experiments (link and JSON), with defaults left out', () => {
    const rng = new Rng(20240611);
    const problems = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const e = randomExperiment(rng);
      expect(experimentSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
      const fragment = encodeExperiment(e);
      const fromLink = decodeLink({ search: '', hash: `#${fragment}` });
      expect(fromLink.problems, fragment).toEqual([]);
      expect(fromLink.experiment, fragment).toEqual(canonicalExperiment(e));
      expect(encodeExperiment(fromLink.experiment)).toBe(fragment);
      const fromJson = decodeFields(new Map(Object.entries(JSON.parse(JSON.stringify(canonicalExperiment(e))))), 'json');
      expect(fromJson.problems).toEqual([]);
      expect(fromJson.experiment).toEqual(canonicalExperiment(e));
      problems.add(fromLink.experiment.problem);
    }
    expect([...problems].sort()).toEqual([...PROBLEM_NAMES].sort());
  });

  it('writes a setting where the link\'s method or a method of its sweep reads it, and only there', () => {
    const psl = { ...defaultExperiment(), method: 'psl' as const, lrDecay: 0.7 };
    // A Pareto set model does not read the LR decay; the linear runs its sweep compares do.
    expect(encodeExperiment({ ...psl, methods: ['linear', 'psl'] })).toContain('lrDecay=0.7');
    expect(encodeExperiment({ ...psl, methods: ['psl'] })).not.toContain('lrDecay');
    expect(canonicalExperiment({ ...psl, methods: ['psl'] })).not.toHaveProperty('lrDecay');
    expect(encodeExperiment({ ...defaultExperiment(), method: 'linear', mu0: 3, methods: ['linear', 'chebyshev-al'] })).toContain('mu0=3');
    expect(encodeExperiment({ ...defaultExperiment(), method: 'linear', mu0: 3, methods: ['linear'] })).not.toContain('mu0');
  });

  it("carries the problem; hyper-parameters are compared with that problem's preset", () => {
    const cifar = { ...defaultExperiment(), problem: 'cifar10mnist' as const };
    expect(encodeExperiment(cifar)).toBe('v=3&problem=cifar10mnist');
    // 1e-4 is Cifar10Mnist's learning rate (left out); MultiMNIST's 0.0025 is an edit there.
    expect(encodeExperiment({ ...cifar, learningRate: 1e-4, apPreference: 0.8 })).toBe('v=3&problem=cifar10mnist');
    expect(encodeExperiment({ ...cifar, learningRate: 0.0025 })).toBe('v=3&problem=cifar10mnist&learningRate=0.0025');
    const d = decodeLink({ search: '', hash: '#v=3&problem=cifar10mnist&budget=tiny&learningRate=0.0001&seed=3' });
    expect(d.problems).toEqual([]);
    expect(d.experiment).toEqual({ ...defaultExperiment('tiny'), problem: 'cifar10mnist', seed: 3 });
  });

  it('carries the teaching lab and the sweep: problem, its parameters, methods, sweep size', () => {
    const e: SharedExperiment = { ...defaultExperiment(), problem: 'width-transition', tasks: 3, width: 2, similarity: 0.25, methods: ['chebyshev-al-reference', 'mgda'], sweep: 10 };
    const fragment = encodeExperiment(e);
    expect(fragment).toBe('v=3&problem=width-transition&tasks=3&width=2&similarity=0.25&methods=chebyshev-al-reference,mgda&sweep=10');
    expect(decodeLink({ search: '', hash: `#${fragment}` }).experiment).toEqual(canonicalExperiment(e));
    const none = decodeLink({ search: '', hash: '#v=3&problem=fonseca-fleming&dimension=7&methods=' });
    expect(none.problems).toEqual([]);
    expect(none.experiment).toMatchObject({ problem: 'fonseca-fleming', dimension: 7, methods: [] });
    expect(encodeExperiment(none.experiment)).toBe('v=3&problem=fonseca-fleming&dimension=7&methods=');
  });

  it("carries the lab's preference and a three-task front's projection; a bad one is named and replaced", () => {
    const read = decodeLink({ search: '', hash: '#v=3&problem=width-transition&tasks=3&labK=0.2,0.3,0.5&projection=2,3' });
    expect(read.problems).toEqual([]);
    expect(read.experiment).toMatchObject({ labK: [0.2, 0.3, 0.5], projection: [2, 3] });
    const bad = decodeLink({ search: '', hash: '#v=3&problem=fonseca-fleming&labK=0.2,0.3,0.5&projection=3,1' });
    expect(bad.problems).toEqual([
      'labK: "0.2,0.3,0.5" has 3 entries, not 2 (one weight per objective of the problem); using the centre',
      'projection: "3,1" is not two different objectives from 1 to 3, the smaller first; using objectives 1 and 2',
    ]);
    expect(bad.experiment).toMatchObject({ labK: null, projection: [1, 2] });
    // Objective 3 of a problem with two: said, and the two shown.
    const third = decodeLink({ search: '', hash: '#v=3&problem=width-transition&tasks=2&projection=1,3' });
    expect(third.problems).toEqual(['projection: "1,3" names objective 3, but the problem has 2 objectives; using objectives 1 and 2']);
    expect(third.experiment.projection).toEqual([1, 2]);
    const renormalised = decodeLink({ search: '', hash: '#v=3&problem=fonseca-fleming&labK=1,3' });
    expect(renormalised.experiment.labK).toEqual([0.25, 0.75]);
    expect(renormalised.problems).toEqual(['labK: (1, 3) sums to 4, not 1; renormalised to (0.25, 0.75)']);
  });

  it("carries the guided tour's open step where the lab is the view; a bad one is named and the tour stays closed", () => {
    const lab = { ...defaultExperiment(), problem: 'fonseca-fleming' as const, sweep: 11 };
    // Written last (a view part, as the projection), only while the tour is open.
    expect(encodeExperiment({ ...lab, tour: 2 })).toBe('v=3&problem=fonseca-fleming&sweep=11&tour=2');
    expect(encodeExperiment(lab)).toBe('v=3&problem=fonseca-fleming&sweep=11');
    const read = decodeLink({ search: '', hash: '#v=3&problem=fonseca-fleming&tour=2' });
    expect(read.problems).toEqual([]);
    expect(read.experiment).toEqual({ ...defaultExperiment(), problem: 'fonseca-fleming', tour: 2 });
    // The lab's keys alone mean the same in every version: a tour link without v is today's.
    expect(decodeLink({ search: '', hash: '#problem=width-transition&tour=5' }).experiment).toEqual({ ...defaultExperiment(), problem: 'width-transition', tour: 5 });
    // The tour is the lab's: the explorer's view leaves it out, and a link that opens the explorer is told so.
    expect(encodeExperiment({ ...defaultExperiment(), tour: 3 })).toBe('');
    expect(canonicalExperiment({ ...defaultExperiment(), tour: 3 })).not.toHaveProperty('tour');
    const explorer = decodeLink({ search: '', hash: '#v=3&budget=tiny&tour=3' });
    expect(explorer.problems).toEqual(['tour: "3" is a step of the teaching lab\'s guided tour, but the link opens the explorer; the tour stays closed']);
    expect(explorer.experiment).toEqual(defaultExperiment('tiny'));
    // A file's: a number, or null (closed); absent from a file exported with the tour closed.
    const json = (tour: unknown) => decodeFields(new Map<string, unknown>([['v', 3], ['problem', 'fonseca-fleming'], ['tour', tour]]), 'json');
    expect(json(4).experiment.tour).toBe(4);
    expect(json(null).problems).toEqual([]);
    expect(json(null).experiment).not.toHaveProperty('tour');
    expect(json('2').problems).toEqual(['tour: "2" is not a number; the tour stays closed']);
    expect(JSON.parse(JSON.stringify(canonicalExperiment(lab)))).not.toHaveProperty('tour');
  });

  it('a field left out means the default of the link\'s version: v1 ran the paper recipe, v2 held, v3 the explorer\'s (graded)', () => {
    expect(decodeLink({ search: '', hash: '#v=1&seed=3' }).experiment).toEqual({ ...defaultExperiment(), seed: 3, recipe: 'paper' });
    // No v: a link from before versioning, read as such and saying so (not a problem: nothing of it was dropped).
    const older = decodeLink({ search: '?seed=3', hash: '' });
    expect(older.experiment.recipe).toBe('paper');
    expect(older.problems).toEqual([]);
    expect(older.readAsOlder).toBe("A link without a version (v=) is read as one from before versions: sparse recipe paper, as those ran. Add v=3 for today's default (graded).");
    // A v1 link that says its version, or names its recipe, is read without that note.
    expect(decodeLink({ search: '', hash: '#v=1&seed=3' }).readAsOlder).toBeUndefined();
    expect(decodeLink({ search: '', hash: '#seed=3&recipe=graded' }).readAsOlder).toBeUndefined();
    expect(decodeLink({ search: '', hash: '#v=3&seed=3' }).readAsOlder).toBeUndefined();
    // How this browser trains is no experiment: `?backend=webgpu` alone opens today's defaults.
    const forced = decodeLink({ search: '?backend=webgpu&atOnce=4', hash: '' });
    expect(forced.experiment).toEqual({ ...defaultExperiment(), backend: 'webgpu', atOnce: 4 });
    expect(forced.readAsOlder).toBeUndefined();
    // A link that opens the teaching lab with the lab's keys alone means the same in every version: today's.
    const lab = decodeLink({ search: '', hash: '#problem=width-transition&width=1&methods=linear' });
    expect(lab.experiment).toEqual({ ...defaultExperiment(), problem: 'width-transition', width: 1, methods: ['linear'] });
    expect(lab.readAsOlder).toBeUndefined();
    // A key only the lab has makes a link the lab's where its problem is mistyped or left out (the problem is reported).
    const typo = decodeLink({ search: '', hash: '#problem=fonseca-flemming&dimension=3' });
    expect(typo.experiment).toEqual({ ...defaultExperiment(), dimension: 3 });
    expect(typo.readAsOlder).toBeUndefined();
    expect(typo.problems).toHaveLength(1);
    expect(decodeLink({ search: '', hash: '#labK=0.2,0.8' }).experiment).toEqual({ ...defaultExperiment(), labK: [0.2, 0.8] });
    expect(decodeLink({ search: '', hash: '#problem=multimnist&dimension=3' }).experiment.recipe).toBe('paper');
    // The same keys without a teaching problem, or with a network setting, are an older link's.
    expect(decodeLink({ search: '', hash: '#methods=linear&sweep=5' }).experiment.recipe).toBe('paper');
    expect(decodeLink({ search: '', hash: '#problem=fonseca-fleming&learningRate=0.01' }).experiment.recipe).toBe('paper');
    expect(decodeLink({ search: '', hash: '#v=2&seed=3' }).experiment).toEqual({ ...defaultExperiment(), seed: 3, recipe: 'held' });
    expect(decodeLink({ search: '', hash: '#v=3&seed=3' }).experiment).toEqual({ ...defaultExperiment(), seed: 3 });
    expect(defaultExperiment().recipe).toBe('graded');
    // A v2 link keeps its meaning when the app writes it again: held, said out loud.
    expect(encodeExperiment(decodeLink({ search: '', hash: '#v=2&seed=3' }).experiment)).toBe('v=3&recipe=held&seed=3');
    // No experiment in the address (foreign parameters aside): this version's defaults.
    expect(decodeLink({ search: '?utm=x', hash: '' }).experiment).toEqual(defaultExperiment());
    expect(encodeExperiment({ ...defaultExperiment(), recipe: 'paper' })).toBe('v=3&recipe=paper');
  });

  it("a v1 link's variant=reference for another method meant the raw f₀; a later link's penalty is its own", () => {
    expect(decodeLink({ search: '', hash: '#v=1&method=linear&variant=reference' }).experiment.penalty).toBe('raw');
    expect(decodeLink({ search: '', hash: '#method=linear&variant=reference' }).experiment.penalty).toBe('raw');
    // Its preset's penalty, said out loud, is not stored: it must not read as "none given" and turn raw.
    const v3 = decodeLink({ search: '', hash: '#v=3&method=linear&variant=reference&penalty=relative' });
    expect(v3.experiment.penalty ?? 'relative').toBe('relative');
    expect(decodeFields(new Map<string, unknown>([['v', 3], ['method', 'linear'], ['variant', 'reference'], ['penalty', 'relative']]), 'json').experiment.penalty ?? 'relative').toBe('relative');
  });

  it('writes nothing for the defaults and only what differs otherwise', () => {
    expect(encodeExperiment(defaultExperiment())).toBe('');
    expect(encodeExperiment({ ...defaultExperiment('tiny'), seed: 7, learningRate: 0.0025 })).toBe('v=3&budget=tiny&seed=7');
    expect(encodeExperiment({ ...defaultExperiment(), trainSubset: null, q: [[0.2, 0.4, 0.4], [0, 0.5, 0.5]] })).toBe(
      'v=3&trainSubset=all&q=0.2,0.4,0.4;0,0.5,0.5',
    );
  });

  it('carries a Pareto set learning run of the explorer with its own parameters', () => {
    const decoded = decodeLink({ search: '', hash: '#v=3&budget=tiny&method=psl&pslHidden=8' });
    expect(decoded.problems).toEqual([]);
    expect(decoded.experiment).toMatchObject({ method: 'psl', pslHidden: 8 });
    expect(encodeExperiment(decoded.experiment)).toBe('v=3&budget=tiny&method=psl&pslHidden=8');
  });

  it('reads the older query form and lets the fragment win; the address keeps foreign query parameters', () => {
    const d = decodeLink({ search: '?budget=tiny&backend=cpu&utm=x', hash: '#v=1&backend=wasm' });
    expect(d.problems).toEqual([]);
    expect(d.experiment.budget).toBe('tiny');
    expect(d.experiment.backend).toBe('wasm');
    // A v1 link: its recipe is v1's default, written out in v2.
    expect(linkFor(d.experiment, { pathname: '/app/', search: '?budget=tiny&utm=x' })).toBe('/app/?utm=x#v=3&budget=tiny&recipe=paper&backend=wasm');
    expect(linkFor(defaultExperiment(), { pathname: '/', search: '?budget=quick' })).toBe('/');
  });
});

const K = "using the budget's value";
/** [fragment, the problems it gets]. Every message names its field. */
const BAD_LINKS: [string, string[]][] = [
  ['v=4&seed=5', ["v: schema version 4 is newer than this app's (3); the whole link was ignored"]],
  // As typed, not as a float prints it (1e+21).
  ['v=999999999999999999999', ["v: schema version 999999999999999999999 is newer than this app's (3); the whole link was ignored"]],
  // Cut to 40 characters, as every echoed value.
  [`v=${'9'.repeat(300)}`, [`v: schema version ${'9'.repeat(40)}… is newer than this app's (3); the whole link was ignored`]],
  [`${'x'.repeat(300)}=1&${'x'.repeat(300)}=2`, [`"${'x'.repeat(40)}…": given more than once; the first is used`, `"${'x'.repeat(40)}…": not a setting of this app; ignored`]],
  ['v=abc', ['v: "abc" is not a schema version; the whole link was ignored']],
  ['v=0', ['v: "0" is not a schema version; the whole link was ignored']],
  ['v=1.5', ['v: "1.5" is not a schema version; the whole link was ignored']],
  ['problem=cifar', ['problem: "cifar" is not one of multimnist, cifar10mnist, fonseca-fleming, width-transition; using the default (multimnist)']],
  ['problem=Cifar10Mnist', ['problem: "Cifar10Mnist" is not one of multimnist, cifar10mnist, fonseca-fleming, width-transition; using the default (multimnist)']],
  // The fallback of a hyper-parameter is the preset of the problem the link names (the paper's Cifar10Mnist settings).
  ['problem=cifar10mnist&learningRate=0', [`learningRate: "0" is out of range (a number greater than 0 and at most 10); ${K} (0.0001)`]],
  ['problem=cifar10mnist&budget=paper&maxLayerSparsity=2', [`maxLayerSparsity: "2" is out of range (a number from 0 to 1); ${K} (0.3)`]],
  ['problem=cifar10mnist&maxLayerSparsity=2', [`maxLayerSparsity: "2" is out of range (a number from 0 to 1); ${K} (0.15)`]],
  // The recipe presets s_prox: a bad value falls back to the recipe's.
  ['recipe=held&proxScale=-1', [`proxScale: "-1" is out of range (a number from 0 to 10000000); ${K} (6500)`]],
  ['recipe=fast', ['recipe: "fast" is not one of paper, held, graded; using the default (paper)']],
  ['problem=cifar10mnist&variant=reference&mu0=-1', [`mu0: "-1" is out of range (a number greater than 0 and at most 1000000); ${K} (6.8e-8)`]],
  ['problem=multimnist&problem=cifar10mnist', ['problem: given more than once; the first is used']],
  ['dimension=1', ['dimension: "1" is out of range (a whole number from 2 to 50); using the default (2)']],
  ['dimension=two', ['dimension: "two" is not a number; using the default (2)']],
  ['tasks=4', ['tasks: "4" is out of range (a whole number from 2 to 3); using the default (2)']],
  ['tasks=2.5', ['tasks: "2.5" is out of range (a whole number from 2 to 3); using the default (2)']],
  ['width=0', ['width: "0" is out of range (a whole number from 1 to 8); using the default (1)']],
  ['similarity=1.5', ['similarity: "1.5" is out of range (a number from 0 to 1); using the default (0.5)']],
  ['similarity=NaN', ['similarity: "NaN" is not a number; using the default (0.5)']],
  ['sweep=0', ['sweep: "0" is out of range (a whole number from 1 to 50); using the default (5)']],
  ['sweep=1e9', ['sweep: "1e9" is out of range (a whole number from 1 to 50); using the default (5)']],
  [
    'methods=linear,sgd,linear,chebyshev-al-reference',
    [
      'methods[2]: "sgd" is not one of linear, chebyshev-al, chebyshev-al-reference, smooth-tchebycheff, chebyshev-md, mgda, random-weighting, psl; left out of the list',
      'methods[3]: "linear" is listed twice; left out of the list',
    ],
  ],
  [`methods=${Array(17).fill('x').join(',')}`, [
    ...Array.from({ length: 16 }, (_, i) => `methods[${i + 1}]: "x" is not one of linear, chebyshev-al, chebyshev-al-reference, smooth-tchebycheff, chebyshev-md, mgda, random-weighting, psl; left out of the list`),
    'methods: 17 entries, more than 16; the first 16 are read',
    'methods: no entry is a method; using the default (linear, chebyshev-al)',
  ]],
  // A typo of a shared link leaves the lab's default methods, not a sweep of none.
  ['problem=fonseca-fleming&methods=foo', [
    'methods[1]: "foo" is not one of linear, chebyshev-al, chebyshev-al-reference, smooth-tchebycheff, chebyshev-md, mgda, random-weighting, psl; left out of the list',
    'methods: no entry is a method; using the default (linear, chebyshev-al)',
  ]],
  ['budget=huge', ['budget: "huge" is not one of tiny, quick, paper; using the default (quick)']],
  ['network=resnet', ['network: "resnet" is not one of hps, mdmtn; using the default (hps)']],
  ['method=sgd', ['method: "sgd" is not one of chebyshev-al, linear, smooth-tchebycheff, chebyshev-md, mgda, random-weighting, psl; using the default (chebyshev-al)']],
  ['variant=<script>alert(1)</script>', ['variant: "<script>alert(1)</script>" is not one of phr, reference; using the default (phr)']],
  ['variant=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', ['variant: "<img src=x onerror=alert(1)>" is not one of phr, reference; using the default (phr)']],
  ['seed=abc', [`seed: "abc" is not a number; ${K} (1)`]],
  ['seed=NaN', [`seed: "NaN" is not a number; ${K} (1)`]],
  ['seed=Infinity', [`seed: "Infinity" is not a number; ${K} (1)`]],
  ['seed=0x10', [`seed: "0x10" is not a number; ${K} (1)`]],
  ['seed=-1', [`seed: "-1" is out of range (a whole number from 0 to 4294967295); ${K} (1)`]],
  ['seed=1.5', [`seed: "1.5" is out of range (a whole number from 0 to 4294967295); ${K} (1)`]],
  ['seed=', [`seed: "" is not a number; ${K} (1)`]],
  ['learningRate=1e308', [`learningRate: "1e308" is out of range (a number greater than 0 and at most 10); ${K} (0.0025)`]],
  ['learningRate=0', [`learningRate: "0" is out of range (a number greater than 0 and at most 10); ${K} (0.0025)`]],
  ['learningRate=1e999', [`learningRate: "1e999" is out of range (a number greater than 0 and at most 10); ${K} (0.0025)`]],
  ['batchSize=0', [`batchSize: "0" is out of range (a whole number from 1 to 4096); ${K} (128)`]],
  ['trainSubset=-5', [`trainSubset: "-5" is out of range (a whole number from 1 to 1000000 (or all)); ${K} (8192)`]],
  ['trainSubset=none', [`trainSubset: "none" is not a number; ${K} (8192)`]],
  ['budget=tiny&batchSize=99999', [`batchSize: "99999" is out of range (a whole number from 1 to 4096); ${K} (16)`]],
  ['maxLayerSparsity=1.01', [`maxLayerSparsity: "1.01" is out of range (a number from 0 to 1); ${K} (0.8)`]],
  ['variant=reference&mu0=-2', [`mu0: "-2" is out of range (a number greater than 0 and at most 1000000); ${K} (2.5e-8)`]],
  ['backend=bogus', ['backend: "bogus" is not one of webgpu, webgl, wasm, cpu (?backend=); using the automatic backend choice']],
  ['atOnce=9', [`atOnce: "9" is out of range (a whole number from 1 to 8); using the backend's choice`]],
  ['atOnce=2.5', [`atOnce: "2.5" is out of range (a whole number from 1 to 8); using the backend's choice`]],
  ['atOnce=all', [`atOnce: "all" is not a number; using the backend's choice`]],
  ['k=0.5,-0.5,1', ['k: "0.5,-0.5,1" has a negative entry; using the default (0.2, 0.4, 0.4)']],
  ['k=NaN,0,1', ['k: "NaN,0,1" has an entry that is not a number; using the default (0.2, 0.4, 0.4)']],
  ['k=abc', ['k: "abc" is not a list of 3 numbers (sparsity, task 1, task 2); using the default (0.2, 0.4, 0.4)']],
  ['k=0.5,0.5', ['k: "0.5,0.5" has 2 entries, not 3 (sparsity, task 1, task 2); using the default (0.2, 0.4, 0.4)']],
  ['k=0,0,0', ['k: "0,0,0" is all zeros; using the default (0.2, 0.4, 0.4)']],
  ['k=1e308,1,1', ['k: "1e308,1,1" has an entry out of range; using the default (0.2, 0.4, 0.4)']],
  ['k=1,1,1', ['k: (1, 1, 1) sums to 3, not 1; renormalised to (0.334, 0.333, 0.333)']],
  ['k=0.1,0.1,0.1', ['k: (0.1, 0.1, 0.1) sums to 0.3, not 1; renormalised to (0.334, 0.333, 0.333)']],
  [
    'q=0.2,0.4,0.4;1,x,0;0.5,-0.5,1;2,1,1',
    [
      'q[2]: "1,x,0" has an entry that is not a number; left out of the list',
      'q[3]: "0.5,-0.5,1" has a negative entry; left out of the list',
      'q[4]: (2, 1, 1) sums to 4, not 1; renormalised to (0.5, 0.25, 0.25)',
    ],
  ],
  [`q=${Array.from({ length: 101 }, (_, i) => `0,${i / 1000},${1 - i / 1000}`).join(';')}`, ['q: 101 preference vectors, more than 100; the first 100 are kept']],
  ['q=0.2,0.4,0.4;0,0.5,0.5;0.2,0.4,0.4', ['q[3]: (0.2, 0.4, 0.4) is already in the list; left out of the list']],
  ['axes=volume', ['axes: "volume" is not one of loss, error; using the default (loss)']],
  ['sparsityAxis=maybe', ['sparsityAxis: "maybe" is not 0 or 1; using the default (0)']],
  ['parallel=2', ['parallel: "2" is not 0 or 1; using the default (0)']],
  ['problem=fonseca-fleming&tour=0', ['tour: "0" is out of range (a whole number from 1 to 5); the tour stays closed']],
  ['problem=fonseca-fleming&tour=6', ['tour: "6" is out of range (a whole number from 1 to 5); the tour stays closed']],
  ['problem=fonseca-fleming&tour=1.5', ['tour: "1.5" is out of range (a whole number from 1 to 5); the tour stays closed']],
  ['problem=fonseca-fleming&tour=two', ['tour: "two" is not a number; the tour stays closed']],
  ['problem=fonseca-fleming&tour=', ['tour: "" is not a number; the tour stays closed']],
  ['problem=width-transition&tour=2&tour=3', ['tour: given more than once; the first is used']],
  ['reference=1,2,3', ['reference: "1,2,3" has 3 entries, not 2 (x, y); using the automatic reference point']],
  ['reference=1', ['reference: "1" has 1 entry, not 2 (x, y); using the automatic reference point']],
  ['reference=1,1e308', ['reference: "1,1e308" has an entry out of range; using the automatic reference point']],
  ['foo=1&seed=3', ['"foo": not a setting of this app; ignored']],
  // Empty pieces carry nothing; a value without its key is named so.
  ['&&&v=3&seed=3&=', []],
  ['=5&seed=3', ['(a value without a key): not a setting of this app; ignored']],
  ['q=0.2,0.4,0.4;;0,0.5,0.5', ['q[2]: empty, not 3 numbers (sparsity, task 1, task 2); left out of the list']],
  ['seed=3&seed=4', ['seed: given more than once; the first is used']],
  [`variant=${'x'.repeat(100)}`, [`variant: "${'x'.repeat(40)}…" is not one of phr, reference; using the default (phr)`]],
];

describe('docs/link-format.md', () => {
  it('has a row for every key a link carries (the keys table by hand, the parameters generated)', () => {
    const page = readFileSync(new URL('../../../docs/link-format.md', import.meta.url), 'utf8');
    expect(SHARED_KEYS.filter((key) => !page.includes(`\n| \`${key}\` |`))).toEqual([]);
  });
});

describe('bad links', () => {
  it.each(BAD_LINKS)('#%s', (fragment, problems) => {
    const decoded = decodeLink({ search: '', hash: `#${fragment}` });
    expect(decoded.problems).toEqual(problems);
    expect(experimentSchema.safeParse(decoded.experiment).success).toBe(true);
  });

  it('keeps every valid field next to bad ones', () => {
    const d = decodeLink({ search: '', hash: '#v=1&budget=tiny&seed=abc&learningRate=0.01&network=<b>&k=0,0.5,0.5' });
    expect(d.problems).toHaveLength(2);
    expect(d.experiment).toMatchObject({ budget: 'tiny', network: 'hps', learningRate: 0.01, k: [0, 0.5, 0.5] });
    expect(d.experiment.seed).toBeUndefined();
  });

  it('counts only its own part toward the limit: foreign query parameters do not make a valid link refused', () => {
    const d = decodeLink({ search: `?utm_source=${'x'.repeat(9000)}&budget=tiny`, hash: '#v=1&seed=3' });
    expect(d.refused).toBe(false);
    expect(d.problems).toEqual([]);
    expect(d.experiment).toMatchObject({ budget: 'tiny', seed: 3 });
  });

  it('refuses a link over 8 kB as a whole', () => {
    const d = decodeLink({ search: '?budget=tiny', hash: `#v=1&q=${'0,0.5,0.5;'.repeat(10_000)}` });
    expect(d.refused).toBe(true);
    expect(d.problems).toEqual(['link: 100,017 characters long, more than the 8,192 this app reads; the whole link was ignored']);
    expect(d.experiment).toEqual(defaultExperiment());
  });

  it('applies the same rules to the JSON form', () => {
    const fields = new Map<string, unknown>([
      ['seed', '3'],
      ['learningRate', Number.NaN],
      ['k', [0.5, 0.5]],
      ['q', [[1, 1, 1], 'x']],
      ['trainSubset', null],
      ['reference', null],
    ]);
    const d = decodeFields(fields, 'json');
    expect(d.problems).toEqual([
      `seed: "3" is not a number; ${K} (1)`,
      `learningRate: NaN is out of range (a number greater than 0 and at most 10); ${K} (0.0025)`,
      'k: [0.5,0.5] has 2 entries, not 3 (sparsity, task 1, task 2); using the default (0.2, 0.4, 0.4)',
      'q[1]: (1, 1, 1) sums to 3, not 1; renormalised to (0.334, 0.333, 0.333)',
      'q[2]: "x" is not a list of 3 numbers (sparsity, task 1, task 2); left out of the list',
    ]);
    expect(d.experiment.trainSubset).toBeNull();
  });
});
