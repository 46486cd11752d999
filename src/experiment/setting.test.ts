import { describe, expect, it } from 'vitest';
import { defaultSettings, resolveConfig } from './config';
import { settingKey, settingLabels } from './setting';

const k = [0.2, 0.4, 0.4];

describe('settingLabels', () => {
  it('names network and recipe, and the budget and problem only where the runs differ in them', () => {
    const quickHps = resolveConfig(defaultSettings('quick'), k);
    const quickMdmtnHeld = resolveConfig({ ...defaultSettings('quick'), network: 'mdmtn', recipe: 'held' }, k);
    expect(settingLabels([quickHps, quickMdmtnHeld])).toEqual(['HPS · graded recipe', 'MDMTN · held recipe']);

    const tinyHps = resolveConfig(defaultSettings('tiny'), k);
    expect(settingLabels([quickHps, tinyHps])).toEqual(['HPS · graded recipe · quick budget', 'HPS · graded recipe · tiny budget']);
    // An edited schedule or budget is named by the preset it is nearest and what differs: two edits are two settings.
    expect(settingLabels([{ ...quickHps, tieEvery: 'epoch' }, { ...quickHps, retrainIterations: 5 }])).toEqual([
      'HPS · graded recipe, tieEvery epoch · quick budget',
      'HPS · graded recipe · quick budget, retrainIterations 5',
    ]);
    expect(new Set([settingKey({ ...quickHps, trainSubset: 256 }), settingKey({ ...quickHps, trainSubset: 1024 })]).size).toBe(2);
    // The evaluation batch size changes no result: no setting of its own.
    expect(settingKey({ ...quickHps, evalBatchSize: 50 })).toBe(settingKey(quickHps));

    const cifar = resolveConfig(defaultSettings('quick', 'cifar10mnist'), k);
    expect(settingLabels([quickHps, cifar])).toEqual(['HPS · graded recipe · multimnist', 'HPS · graded recipe · cifar10mnist']);
    expect(settingLabels([])).toEqual([]);
  });

  it('names hyper-parameters edited from the method\'s presets: an ablation is another setting, a method\'s own defaults or a seed are not', () => {
    const settings = defaultSettings('tiny');
    const preset = resolveConfig(settings, k);
    const fast = resolveConfig({ ...settings, overrides: { learningRate: 0.01 } }, k);
    const sgd = resolveConfig({ ...settings, overrides: { learningRate: 0.01, optimizer: 'sgd' } }, k);
    expect(new Set([preset, fast, sgd].map(settingKey)).size).toBe(3);
    expect(settingLabels([preset, fast, sgd])).toEqual(['HPS · graded recipe · as preset', 'HPS · graded recipe · learningRate 0.01', 'HPS · graded recipe · learningRate 0.01, optimizer sgd']);
    expect(settingKey(fast)).toBe('HPS · graded recipe · tiny budget · multimnist · learningRate 0.01');
    // The reference variant's raw penalty is its preset, not an edit: the two variants are compared on one front.
    const reference = resolveConfig({ ...settings, variant: 'reference' }, k);
    expect(reference.penalty).not.toBe(preset.penalty);
    expect(settingKey(reference)).toBe(settingKey(preset));
    // Runs of one front may differ in their seed.
    expect(settingKey(resolveConfig({ ...settings, overrides: { seed: 7 } }, k))).toBe(settingKey(preset));
  });
});
