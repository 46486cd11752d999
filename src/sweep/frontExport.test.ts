import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../experiment/config';
import { parseExperimentFile } from '../ui/exchange/experimentFile';
import { frontExportParts } from './frontExport';
import { frontReportOfFiles } from './frontReport';
import { oneRun, runsAtOnce, tiny } from './testing/trainResults';

describe('npm run front -- --export: the compared runs as an experiment file', () => {
  it('the explorer imports it: every run, opened at the first run\'s settings with the runs\' preferences and methods', () => {
    const edited = oneRun(tiny({ recipe: 'held', overrides: { seed: 5, learningRate: 0.003 } }), [0.2, 0.4, 0.4], undefined, 'public/data');
    const files = [edited, runsAtOnce()].map((json, i) => ({ name: `r${i}.json`, text: JSON.stringify(json), modified: 1_700_000_000_000 }));
    const view = { metric: 'error', sparsityAxis: true, reference: null } as const;
    const report = frontReportOfFiles(files, view);
    if (!report.ok) throw new Error(JSON.stringify(report.refused));
    const parsed = parseExperimentFile(frontExportParts(report.runs, view, new Date(0))[0], 'importing-page');
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.runs.map((r) => [r.ordinal, r.status])).toEqual([[1, 'finished'], [2, 'finished'], [3, 'failed'], [4, 'finished']]);
    expect(parsed.runs[0].config).toEqual(resolveConfig(tiny({ recipe: 'held', overrides: { seed: 5, learningRate: 0.003 } }), [0.2, 0.4, 0.4]));
    expect(parsed.experiment).toMatchObject({ problem: 'multimnist', budget: 'tiny', recipe: 'held', seed: 5, learningRate: 0.003, k: [0.2, 0.4, 0.4], axes: 'error', sparsityAxis: true, methods: ['linear', 'chebyshev-al'] });
    expect(parsed.experiment.q).toEqual([[0.2, 0.4, 0.4], [0.2, 0.1, 0.7], [0.2, 0.7, 0.1]]);
  });
});
