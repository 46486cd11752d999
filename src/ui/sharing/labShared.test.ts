import { describe, expect, it } from 'vitest';
import { DEFAULT_SWEEP } from '../compare/sweepStore';
import { initialExplorerState } from '../explorer/explorerState';
import { initialTeachingState } from '../teaching/teachingState';
import { DEFAULT_TEACHING } from '../teaching/teachingSettings';
import { encodeExperiment } from '../../experiment/link/codec';
import { AUTOMATIC_WORKER, defaultExperiment } from '../../experiment/link/experiment';
import { decodeLink } from '../../experiment/link/location';
import { experimentOf } from './experimentState';
import { labPartOf, labSharedOf } from './labShared';

describe('teaching lab and sweep ↔ shared experiment', () => {
  it('defaults give an empty link; the network explorer keeps problem=multimnist', () => {
    expect(experimentOf(initialExplorerState(), AUTOMATIC_WORKER, labSharedOf(initialTeachingState(), DEFAULT_SWEEP))).toEqual(defaultExperiment());
    const inactive = { ...initialTeachingState(), settings: { ...DEFAULT_TEACHING, problem: 'width-transition' as const, width: 3 } };
    expect(encodeExperiment(experimentOf(initialExplorerState(), AUTOMATIC_WORKER, labSharedOf(inactive, DEFAULT_SWEEP)))).toBe('v=3&width=3');
  });

  it('maps the shown teaching problem, its parameters, the lab\'s preference and projection, and the sweep both ways', () => {
    const settings = { problem: 'width-transition' as const, dimension: 2, tasks: 3 as const, width: 2, similarity: 0.8 };
    const teaching = { ...initialTeachingState(), active: true, settings, preference: [0.2, 0.3, 0.5], projection: [1, 2] as [number, number] };
    const sweep = { methods: ['mgda' as const, 'chebyshev-al-reference' as const], size: 12, parallel: true };
    const e = experimentOf(initialExplorerState(), AUTOMATIC_WORKER, labSharedOf(teaching, sweep));
    const fragment = encodeExperiment(e);
    expect(fragment).toBe('v=3&problem=width-transition&tasks=3&width=2&similarity=0.8&methods=mgda,chebyshev-al-reference&sweep=12&parallel=1&labK=0.2,0.3,0.5&projection=2,3');
    const part = labPartOf(decodeLink({ search: '', hash: `#${fragment}` }).experiment, DEFAULT_TEACHING);
    expect(part).toEqual({ active: true, settings, preference: [0.2, 0.3, 0.5], projection: [1, 2], tourStep: null, sweep });
    // The centre and the first two objectives are the defaults: not written.
    const centre = { ...teaching, preference: [0.334, 0.333, 0.333], projection: [0, 1] as [number, number] };
    expect(encodeExperiment(experimentOf(initialExplorerState(), AUTOMATIC_WORKER, labSharedOf(centre, sweep)))).not.toMatch(/labK|projection/);
    // A preference that does not fit the problem's objectives (read for another problem) gives the centre.
    const misfit = labPartOf(decodeLink({ search: '', hash: '#v=3&tasks=3&labK=0.3,0.7' }).experiment, { ...DEFAULT_TEACHING, problem: 'width-transition' });
    expect(misfit.preference).toEqual([0.334, 0.333, 0.333]);
    // The tour's open step, from 1 in the link and from 0 in the lab; only where the lab is the view.
    const atStep = experimentOf(initialExplorerState(), AUTOMATIC_WORKER, labSharedOf({ ...teaching, tourStep: 1 }, sweep));
    expect(encodeExperiment(atStep)).toBe(`${fragment}&tour=2`);
    expect(labPartOf(decodeLink({ search: '', hash: `#${encodeExperiment(atStep)}` }).experiment, DEFAULT_TEACHING).tourStep).toBe(1);
    expect(encodeExperiment(experimentOf(initialExplorerState(), AUTOMATIC_WORKER, labSharedOf({ ...teaching, active: false, tourStep: 1 }, sweep)))).not.toContain('tour');
    // A network problem leaves the lab closed and keeps the teaching problem the user had picked.
    const network = labPartOf(decodeLink({ search: '', hash: '#v=1&dimension=4' }).experiment, { ...DEFAULT_TEACHING, problem: 'width-transition' });
    expect(network.active).toBe(false);
    expect(network.settings).toMatchObject({ problem: 'width-transition', dimension: 4 });
  });

  it('a lab link without its version is today\'s: every key the lab writes is versionless (fields.ts)', () => {
    const settings = { problem: 'width-transition' as const, dimension: 7, tasks: 3 as const, width: 4, similarity: 0.2 };
    const teaching = { ...initialTeachingState(), active: true, settings, preference: [0.2, 0.3, 0.5], projection: [0, 2] as [number, number], tourStep: 3 };
    const sweep = { methods: ['mgda' as const], size: 9, parallel: true };
    const lab = labSharedOf(teaching, sweep);
    const e = experimentOf(initialExplorerState(), AUTOMATIC_WORKER, lab);
    const fragment = encodeExperiment(e);
    // Every key of the lab's part differs from its default here, so the link names them all.
    const keys = fragment.split('&').map((part) => part.split('=')[0]);
    expect(keys.sort()).toEqual(['v', ...Object.keys(lab)].sort());
    const unversioned = decodeLink({ search: '', hash: `#${fragment.replace(/^v=3&/, '')}` });
    expect(unversioned.experiment).toEqual(e);
    expect(unversioned.readAsOlder).toBeUndefined();
  });
});
