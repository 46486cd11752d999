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

  it('maps the shown teaching problem, its parameters and the sweep both ways', () => {
    const teaching = { ...initialTeachingState(), active: true, settings: { problem: 'width-transition' as const, dimension: 2, tasks: 3 as const, width: 2, similarity: 0.8 } };
    const sweep = { methods: ['mgda' as const, 'chebyshev-al-reference' as const], size: 12, parallel: true };
    const e = experimentOf(initialExplorerState(), AUTOMATIC_WORKER, labSharedOf(teaching, sweep));
    const fragment = encodeExperiment(e);
    expect(fragment).toBe('v=3&problem=width-transition&tasks=3&width=2&similarity=0.8&methods=mgda,chebyshev-al-reference&sweep=12&parallel=1');
    const part = labPartOf(decodeLink({ search: '', hash: `#${fragment}` }).experiment, DEFAULT_TEACHING);
    expect(part).toEqual({ active: true, settings: teaching.settings, sweep });
    // A network problem leaves the lab closed and keeps the teaching problem the user had picked.
    const network = labPartOf(decodeLink({ search: '', hash: '#v=1&dimension=4' }).experiment, { ...DEFAULT_TEACHING, problem: 'width-transition' });
    expect(network.active).toBe(false);
    expect(network.settings).toMatchObject({ problem: 'width-transition', dimension: 4 });
  });
});
