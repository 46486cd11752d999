import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../experiment/link/experiment';
import { savedRunOf, type SavedRun } from '../persistence/savedRun';
import { addRun, apply, finalResult, KERNELS, runMessages, runOf, stateWithRuns, view } from '../testing/fakeRuns';
import { experimentFileParts, experimentFileText, exportableExperiment, exportableRuns, parseExperimentFile, utf8Bytes } from './experimentFile';
import { csvCell, frontCsv } from './frontCsv';
import { resolveConfig } from '../../experiment/config';
import { setSetting } from '../explorer/explorerState';
import { MAX_RETARGETS, newNetworkRun } from '../runs/runRecord';
import { readSavedRecord } from '../persistence/savedRecord';
import { tfjsWeightsFiles } from './tfjsWeights';
import { scalarColumn } from '../../workers/stepColumns';

function finishedState() {
  let s = stateWithRuns([['a', [0.2, 0.4, 0.4]], ['b', [0, 0.5, 0.5]], ['c', [0.5, 0.25, 0.25]]]);
  s = apply(s, runMessages('a', 5, { result: finalResult([0.3, 0.6], [90, 80], 10), kernels: KERNELS }));
  s = apply(s, runMessages('b', 4, { result: finalResult([0.5, 0.3], [85, 88], 40) }));
  s = apply(s, runMessages('c', 2, null));
  return s;
}

function savedRuns(): SavedRun[] {
  const s = finishedState();
  return [savedRunOf(runOf(s, 'a'), 'finished', 'x', 1000, 2000), savedRunOf(runOf(s, 'b'), 'finished', 'x', 3000, 4000), savedRunOf(runOf(s, 'c'), 'interrupted', 'x', 5000, 6000)];
}

const v1FileText = () => readFileSync(new URL('../../experiment/fixtures/v1/exportedFile.json', import.meta.url), 'utf8');
const fileText = () => experimentFileText({ ...defaultExperiment('tiny'), seed: 7, q: [[0.2, 0.4, 0.4], [0, 0.5, 0.5]] }, savedRuns(), new Date(0));

describe('experiment file', () => {
  it('round-trips the experiment and its runs, NaN and Infinity included', () => {
    const parsed = parseExperimentFile(fileText(), 'here');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.experiment).toEqual({ ...defaultExperiment('tiny'), seed: 7, q: [[0.2, 0.4, 0.4], [0, 0.5, 0.5]] });
    const original = savedRuns();
    expect(parsed.runs).toHaveLength(3);
    parsed.runs.forEach((r, i) => expect(r).toEqual({ ...original[i], session: 'here' }));
    // μ is ∞ in the first reading, the prox step NaN: they survive JSON.
    expect(scalarColumn(parsed.runs[0].steps.columns, 'penalty').some((v) => v === Number.POSITIVE_INFINITY)).toBe(true);
    expect(parsed.runs[0].steps.columns.proxEta.some((v) => Number.isNaN(v))).toBe(true);
  });

  it('runs over what one file holds go in parts, in order, each a file the import opens; where one file holds them, one', () => {
    const experiment = { ...defaultExperiment('tiny'), seed: 7 };
    const runs = [...savedRuns(), ...savedRuns(), ...savedRuns()].map((r, i) => ({ ...r, id: `r${i}`, ordinal: i + 1 }));
    const whole = experimentFileText(experiment, runs, new Date(0));
    expect(experimentFileParts(experiment, runs, new Date(0))).toEqual([whole]);
    const readAll = (parts: string[]) =>
      parts.flatMap((text) => {
        const parsed = parseExperimentFile(text, 'here');
        if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
        expect(parsed.experiment).toEqual(experiment);
        return parsed.runs.map((r) => r.id);
      });
    // By size: each part within the bytes.
    const bytes = Math.ceil(whole.length / 2.5);
    const bySize = experimentFileParts(experiment, runs, new Date(0), { bytes, runs: 100 });
    expect(bySize.length).toBeGreaterThanOrEqual(3);
    for (const text of bySize) expect(text.length).toBeLessThanOrEqual(bytes);
    expect(readAll(bySize)).toEqual(runs.map((r) => r.id));
    // By count.
    const byCount = experimentFileParts(experiment, runs, new Date(0), { bytes: whole.length, runs: 4 });
    expect(byCount.map((t) => (JSON.parse(t) as { runs: unknown[] }).runs.length)).toEqual([3, 3, 3]);
    expect(readAll(byCount)).toEqual(runs.map((r) => r.id));
    // Sized in bytes, as the import measures a file: notes of "→" (three bytes each) count three times.
    const arrows = runs.map((r) => ({ ...r, notes: ['LSUV → ' + '→'.repeat(200)] }));
    const arrowText = experimentFileText(experiment, arrows, new Date(0));
    expect(utf8Bytes(arrowText)).toBeGreaterThan(arrowText.length + 1000);
    const byBytes = experimentFileParts(experiment, arrows, new Date(0), { bytes: arrowText.length, runs: 100 });
    expect(byBytes.length).toBeGreaterThan(1);
    for (const text of byBytes) expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(arrowText.length);
    expect(utf8Bytes('a→😀é')).toBe(new TextEncoder().encode('a→😀é').length);
    // A run larger than the bytes alone is a part of its own; no runs, one file.
    expect(experimentFileParts(experiment, runs.slice(0, 2), new Date(0), { bytes: 10, runs: 100 })).toHaveLength(2);
    expect(experimentFileParts(experiment, [], new Date(0))).toEqual([experimentFileText(experiment, [], new Date(0))]);
  });

  it('a run re-targeted once per drag event (before the cap) still reads: one a step, at most MAX_RETARGETS, the latest kept', () => {
    const drag = (step: number, i: number) => ({ step, preference: [0.2, 0.4 - (i % 10) / 100, 0.4 + (i % 10) / 100] });
    const [a, b] = savedRuns();
    const dragged = { ...a, retargets: [...Array.from({ length: 10_001 }, (_, i) => drag(2, i)), ...Array.from({ length: MAX_RETARGETS + 1 }, (_, i) => drag(3 + i, i))] };
    const parsed = parseExperimentFile(experimentFileText(defaultExperiment('tiny'), [dragged, b], new Date(0)), 'here');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const kept = parsed.runs[0].retargets;
    expect(kept).toHaveLength(MAX_RETARGETS);
    expect(kept[0]).toEqual(drag(2, 10_000));
    expect(kept.at(-1)).toEqual(drag(3 + MAX_RETARGETS, MAX_RETARGETS));
    // As the browser's storage holds it: read back the same way.
    const read = readSavedRecord(structuredClone(dragged) as never);
    expect(read.ok && read.run.retargets).toEqual(kept);
  });

  it('round-trips a Pareto set model with its curves and a point pinned off it; a pin of another method is refused', () => {
    const config = resolveConfig({ ...stateWithRuns([]).explorer.settings, method: 'psl' }, [0.2, 0.4, 0.4]);
    const curvePoint = { preference: [0.2, 0.4, 0.4], test: { accuracy: [80, 70], nll: [0.4, 0.5] }, sparsityRate: 20, compressionRate: 1.25 };
    const result = { ...finalResult([0.4, 0.5], [80, 70], 20), method: 'psl' as const, paretoSet: { task: [curvePoint], sparsity: [curvePoint] } };
    const model = { ...newNetworkRun('m', 1, config), state: 'finished' as const, result };
    const pin = { ...newNetworkRun('p', 2, { ...config, preference: [0.3, 0.35, 0.35] }), state: 'finished' as const, result, pin: { run: 'm', ordinal: 1 } };
    const text = experimentFileText(defaultExperiment('tiny'), [savedRunOf(model, 'finished', 'x', 0, 1), savedRunOf(pin, 'finished', 'x', 2, 3)], new Date(0));
    const parsed = parseExperimentFile(text, 'here');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.runs[0].result?.paretoSet?.task).toEqual([curvePoint]);
    expect(parsed.runs[0].pin).toBeUndefined();
    expect(parsed.runs[1].pin).toEqual({ run: 'm', ordinal: 1 });
    const leftOut = parseExperimentFile(experimentFileText(defaultExperiment('tiny'), [{ ...savedRuns()[0], pin: { run: 'm', ordinal: 1 } }], new Date(0)), 'here');
    expect(leftOut.ok && leftOut.leftOut).toEqual(['run 1 of 1 · runs[0].pin: only points of a Pareto set model (method psl) are pinned']);
    // The browser's store reads records by the same rules: a record that loads exports as a file that imports.
    expect(readSavedRecord(structuredClone({ ...savedRuns()[0], pin: { run: 'm', ordinal: 1 } }) as never)).toEqual({ ok: false, problem: 'pin: only points of a Pareto set model (method psl) are pinned' });
    expect(readSavedRecord(structuredClone(savedRunOf(pin, 'finished', 'x', 2, 3)) as never).ok).toBe(true);
  });

  it('a Pareto set model of a sweep carries its answers at the sweep’s preferences; files without them still import', () => {
    const config = resolveConfig({ ...stateWithRuns([]).explorer.settings, method: 'psl' }, [0.2, 0.4, 0.4]);
    const point = (k: number[]) => ({ preference: k, test: { accuracy: [80, 70], nll: [0.4, 0.5] }, sparsityRate: 20, compressionRate: 1.25 });
    const sweep = [point([0.2, 0.6, 0.2]), point([0.2, 0.4, 0.4]), point([0.2, 0.2, 0.6])];
    const fileOf = (paretoSet: object) => {
      const result = { ...finalResult([0.4, 0.5], [80, 70], 20), method: 'psl' as const, paretoSet } as ReturnType<typeof finalResult>;
      const model = { ...newNetworkRun('m', 1, config), state: 'finished' as const, result };
      return experimentFileText(defaultExperiment('tiny'), [savedRunOf(model, 'finished', 'x', 0, 1)], new Date(0));
    };
    const parsed = parseExperimentFile(fileOf({ task: [sweep[1]], sparsity: [sweep[1]], sweep }), 'here');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.runs[0].result?.paretoSet?.sweep).toEqual(sweep);
    const without = parseExperimentFile(fileOf({ task: [sweep[1]], sparsity: [sweep[1]] }), 'here');
    expect(without.ok && without.runs[0].result?.paretoSet).toEqual({ task: [sweep[1]], sparsity: [sweep[1]] });
    const problems = (paretoSet: object) => {
      const p = parseExperimentFile(fileOf(paretoSet), 'here');
      return p.ok ? p.leftOut : p.problems;
    };
    expect(problems({ task: [], sparsity: [], sweep: [point([0.5, 0.5])] })).toEqual(['run 1 of 1 · runs[0].result.paretoSet.sweep[0].preference: must have 3 entries that sum to 1']);
    expect(problems({ task: [], sparsity: [], sweep: Array.from({ length: 1001 }, () => sweep[0]) })).toEqual(['run 1 of 1 · runs[0].result.paretoSet.sweep: Too big: expected array to have <=1000 items']);
    expect(problems({ task: [], sparsity: [], sweep: [{ ...sweep[0], sparsityRate: 'NaN' }] })).toEqual(['run 1 of 1 · runs[0].result.paretoSet.sweep[0].sparsityRate: must be a finite number from 0 to 100']);
  });

  const corrupt: [string, (text: string) => string, string[]][] = [
    ['not JSON', (t) => t.slice(0, 100), ['file: not valid JSON']],
    ['another format', () => JSON.stringify({ format: 'something-else' }), ['format: not a Paretoscope experiment file (expected "format": "paretoscope-experiment")']],
    ['a future version', (t) => t.replace('"version":4', '"version":5'), ["version: file version 5 is newer than this app's (4)"]],
    ['a bad setting', (t) => t.replace('"seed":7', '"seed":"<script>alert(1)</script>"'), ['experiment.seed: "<script>alert(1)</script>" is not a number']],
    ['a negative preference in the list', (t) => t.replace('"q":[[0.2,0.4,0.4]', '"q":[[-0.2,0.8,0.4]'), ['experiment.q[1]: [-0.2,0.8,0.4] has a negative entry']],
    ['an unknown problem', (t) => t.replace('"problem":"multimnist"', '"problem":"imagenet"'), ['experiment.problem: "imagenet" is not one of multimnist, cifar10mnist']],
    ['a run list that is not a list', (t) => t.replace('"runs":[', '"runs":{"x":[').replace(/\],"teachingRuns"/, ']},"teachingRuns"'), ['runs: missing or not a list']],
  ];
  it.each(corrupt)('refuses %s, naming the place', (_what, damage, expected) => {
    const parsed = parseExperimentFile(damage(fileText()), 'here');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expected.forEach((e, i) => expect(parsed.problems[i]).toContain(e));
  });

  it('refuses the whole file when its settings are broken, naming its runs’ problems too', () => {
    const text = fileText().replace('"seed":7', '"seed":-1').replace('"learningRate":0.0025', '"learningRate":1e308');
    const parsed = parseExperimentFile(text, 'here');
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      expect.stringContaining('experiment.seed: '),
      'run 1 of 3 · runs[0].config.learningRate: must be a number greater than 0 and at most 10',
    ]);
  });

  // Each run carries its own settings: one that cannot be read is left out, named, and the others import.
  const brokenRun: [string, (text: string) => string, string[]][] = [
    ['a run with a broken config', (t) => t.replace('"learningRate":0.0025', '"learningRate":1e308'), ['runs[0].config.learningRate: must be a number greater than 0 and at most 10']],
    ['a run without its result', (t) => t.replace(/"result":\{.*?"method":"chebyshev-al"\}/, '"result":null'), ['runs[0].result: a finished run needs its result']],
    ['a wrong type deep inside', (t) => t.replace('"sparsityRate":10', '"sparsityRate":{"x":1}'), ['runs[0].result.rows.sparsityRate: must be a finite number from 0 to 100']],
    // A value no run produces would break every chart and the hypervolume: refused at the boundary.
    ['NaN in a result', (t) => t.replace('"nll":[0.3,0.6]', '"nll":["NaN",0.6]'), ['runs[0].result.val.nll[0]: must be a finite number from 0 to 1000000']],
    ['Infinity in a result', (t) => t.replace('"sparsityRate":10', '"sparsityRate":"Infinity"'), ['runs[0].result.rows.sparsityRate: must be a finite number from 0 to 100']],
    ['1e308 in a result', (t) => t.replace('"accuracy":[90,80]', '"accuracy":[1e308,80]'), ['runs[0].result.val.accuracy[0]: must be a finite number from 0 to 100']],
    ['more step readings than the app ever saves', (t) => t.replace(/"penalty":\[/, `"penalty":[${'1,'.repeat(2001)}`), ['runs[0].steps.columns.penalty: Too big: expected array to have <=2000 items']],
    ['a run of an unknown problem', (t) => t.replace('"config":{"problem":"multimnist"', '"config":{"problem":"imagenet"'), ['runs[0].config.problem: Invalid option: expected one of "multimnist"|"cifar10mnist"']],
    // A file of schema v1 keeps its packed steps' consistency check.
    ['steps of the wrong length', () => v1FileText().replace(/"data":\[[^,\]]*,/, '"data":['), ['runs[0].steps.data: must hold count × 23 values']],
    ['a step column of the wrong length', (t) => t.replace(/"penalty":\[[^,\]]*,/, '"penalty":['), ['runs[0].steps.columns.penalty: must hold count (5) values, not 4']],
    ['a vector column for the wrong number of objectives', (t) => t.replace(/"multipliers":\[\[[^\]]*\],/, '"multipliers":['), ['runs[0].steps.columns.multipliers: must hold one column per objective (3, as objective does), not 2']],
    ["a column of the run's method missing", (t) => t.replace(/"epigraph":/, '"epigraf":'), ["runs[0].steps.columns.epigraph: missing (chebyshev-al runs' readings have it)"]],
    ['steps of another method', (t) => t.replace('"method":"chebyshev-al","phase"', '"method":"linear","phase"'), [
      "runs[0].steps.columns.chebyshevValue: missing (linear runs' readings have it)",
      "runs[0].steps.columns.weights: missing (linear runs' readings have it)",
      "runs[0].steps.columns.method: must be the run's method (chebyshev-al), not linear",
    ]],
    ['a step column that is not a list of numbers', (t) => t.replace(/"step":\[/, '"step":["x",'), ['runs[0].steps.columns.step[0]: Invalid input']],
    ['steps without columns', (t) => t.replace('"columns":', '"cols":'), ['runs[0].steps.columns: missing (or, in a file of schema v1, m and data)']],
  ];
  it.each(brokenRun)('leaves out %s, naming the run by its number and its place, and imports the others', (_what, damage, expected) => {
    const text = damage(fileText());
    const parsed = parseExperimentFile(text, 'here');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const inFile = (JSON.parse(text) as { runs: { id: string }[] }).runs.map((r) => r.id);
    expect(parsed.unread).toBe(1);
    expect(parsed.runs.map((r) => r.id)).toEqual(inFile.slice(1));
    const runsInFile = inFile.length;
    expect(parsed.leftOut).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(parsed.leftOut[i]).toBe(`run 1 of ${runsInFile} · ${e}`));
  });

  it('leaves out a run whose id an earlier run has, and names both places counted from 1', () => {
    const doc = JSON.parse(fileText()) as { runs: { id: string }[] };
    doc.runs[2].id = doc.runs[0].id;
    const parsed = parseExperimentFile(JSON.stringify(doc), 'here');
    expect(parsed.ok && parsed.runs.map((r) => r.id)).toEqual([doc.runs[0].id, doc.runs[1].id]);
    expect(parsed.ok && parsed.leftOut).toEqual([`run 3 of 3 · runs[2].id: the id "${doc.runs[0].id}" is an earlier run's too`]);
  });

  it('lists at most 12 problems of the runs left out, then how many more', () => {
    const doc = JSON.parse(fileText()) as { runs: { config: { learningRate: unknown } }[] };
    doc.runs = Array.from({ length: 15 }, (_, i) => ({ ...doc.runs[0], id: `r${i}`, config: { ...doc.runs[0].config, learningRate: -1 } }));
    const parsed = parseExperimentFile(JSON.stringify(doc), 'here');
    expect(parsed.ok && [parsed.runs.length, parsed.unread, parsed.leftOut.length, parsed.leftOut[12]]).toEqual([0, 15, 13, '… and 3 more']);
  });
});

describe('a file over the size limit', () => {
  it('is refused before parsing, its size said in the unit of the limit', () => {
    const parsed = parseExperimentFile(' '.repeat(60_100_000), 'here');
    expect(parsed).toEqual({ ok: false, problems: ['file: 60.1 MB, larger than 50 MB'] });
  });
});

describe('exportable experiment', () => {
  it('writes settings typed out of range as the import falls back to, naming them, so that the file still imports with its runs', () => {
    const typed = { ...defaultExperiment('tiny'), seed: 7, batchSize: 0, reference: [1e9, 5] as [number, number] };
    const { experiment, problems } = exportableExperiment(typed);
    expect(problems).toEqual([
      "batchSize: 0 is out of range (a whole number from 1 to 4096); using the budget's value (16)",
      'reference: [1000000000,5] has an entry out of range; using the automatic reference point',
    ]);
    expect(experiment).toEqual({ ...defaultExperiment('tiny'), seed: 7 });
    const parsed = parseExperimentFile(experimentFileText(experiment, savedRuns(), new Date(0)), 's');
    expect(parsed.ok && parsed.runs.length).toBe(3);
  });

  it('leaves out a run with a value the import would refuse, naming it, so that the file imports with the others', () => {
    const [a, b, c] = savedRuns();
    const broken: SavedRun = { ...b, result: b.result && { ...b.result, test: { ...b.result.test, nll: [Number.NaN, 0.5] } } };
    const { runs, teachingRuns, problems } = exportableRuns([a, broken, c], []);
    expect(runs.map((r) => r.id)).toEqual([a.id, c.id]);
    expect(teachingRuns).toEqual([]);
    expect(problems).toEqual([`run ${b.ordinal}: result.test.nll[0]: must be a finite number from 0 to 1000000`]);
    const parsed = parseExperimentFile(experimentFileText(defaultExperiment('tiny'), runs, new Date(0)), 's');
    expect(parsed.ok && parsed.runs.length).toBe(2);
    expect(exportableRuns(savedRuns(), []).problems).toEqual([]);
  });

  it("keeps a run of the longest schedule the parameters allow (100 × 100 epochs searching, as many retraining)", () => {
    const [a] = savedRuns();
    const long: SavedRun = { ...a, epochs: Array.from({ length: 20_000 }, () => a.epochs[0]) };
    expect(exportableRuns([long], []).problems).toEqual([]);
    const parsed = parseExperimentFile(experimentFileText(defaultExperiment('tiny'), [long], new Date(0)), 's');
    expect(parsed.ok && parsed.runs[0].epochs.length).toBe(20_000);
  });

  it('leaves settings the import reads as they are', () => {
    const shared = { ...defaultExperiment('tiny'), seed: 7, reference: [2, 3] as [number, number], q: [[0.2, 0.4, 0.4]] as [number, number, number][] };
    expect(exportableExperiment(shared)).toEqual({ experiment: shared, problems: [] });
  });
});

describe('front CSV', () => {
  it('has a row per finished run with its scores and non-dominated flag', () => {
    const s = finishedState();
    const csv = frontCsv(view(s).runs, { metric: 'loss', sparsityAxis: false });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0].split(',').slice(0, 5)).toEqual(['run', 'problem', 'k0_sparsity', 'k1_task1', 'k2_task2']);
    expect(lines[1]).toBe('1,multimnist,0.2,0.4,0.4,hps,chebyshev-al,phr,1,0.3,0.6,90,80,0.3,0.6,90,80,10,1.5,1.2,0.25,true,wasm,5,3.5,true');
    expect(lines[2].startsWith('2,multimnist,0,0.5,0.5,')).toBe(true);
  });

  it("names each run's problem and judges dominance among the runs of the same problem", () => {
    let s = finishedState();
    s = { ...s, explorer: setSetting(s.explorer, 'problem', 'cifar10mnist') };
    s = addRun(s, 'd', resolveConfig(s.explorer.settings, [0.2, 0.4, 0.4]));
    // Worse than both MultiMNIST points on both losses, but the only Cifar10Mnist point.
    s = apply(s, runMessages('d', 3, { result: finalResult([2.1, 2.0], [21, 31], 14) }));
    const lines = frontCsv(view(s).runs, { metric: 'loss', sparsityAxis: false }).trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^4,cifar10mnist,0\.2,0\.4,0\.4,hps,.*,true,wasm,/);
  });

  it('neutralises formulas and quotes separators', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    // A spreadsheet that splits on ; (or tab, |) must not find a formula after the separator either.
    expect(csvCell(';=1+1')).toBe(`"';=1+1"`);
    expect(csvCell('x; =HYPERLINK("y")')).toBe(`"'x; =HYPERLINK(""y"")"`);
    expect(csvCell('a|@SUM(1)')).toBe(`"'a|@SUM(1)"`);
    expect(csvCell('a\t-2')).toBe(`"'a\t-2"`);
    expect(csvCell('wasm (kernels)')).toBe('wasm (kernels)');
    expect(csvCell(-1.5)).toBe('-1.5');
  });
});

describe('TF.js weights', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('writes a weightsManifest and a .bin that tf.io.decodeWeights reads back exactly', () => {
    const files = tfjsWeightsFiles('paretoscope-run-1', KERNELS, { config: { muMax: Number.POSITIVE_INFINITY } });
    expect(files.manifestName).toBe('paretoscope-run-1.weights.json');
    expect(files.binName).toBe('paretoscope-run-1.weights.bin');
    const manifest = JSON.parse(files.manifestText);
    expect(manifest.weightsManifest[0].paths).toEqual(['paretoscope-run-1.weights.bin']);
    expect(manifest.userDefinedMetadata.config.muMax).toBe('Infinity');
    expect(files.bin.byteLength).toBe(14 * 4);
    const tensors = tf.io.decodeWeights(files.bin, manifest.weightsManifest[0].weights);
    for (const k of KERNELS) {
      expect(tensors[k.name].shape).toEqual(k.shape);
      expect(Array.from(tensors[k.name].dataSync())).toEqual(Array.from(k.values));
    }
    tf.dispose(Object.values(tensors));
  });
});
