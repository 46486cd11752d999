/** The app's notices: runs that fail for one reason share one notice instead of one each. */
import { beforeEach, describe, expect, it } from 'vitest';
import { runFailureText, useAppStore } from './store';

beforeEach(() => useAppStore.setState({ notices: [] }));

describe('run failure notices', () => {
  it('runs failing for the same reason share one notice; another reason gets its own', () => {
    const s = () => useAppStore.getState();
    const missing = 'could not read manifest.json: data/manifest.json was not found';
    s().addRunFailure(1, missing);
    s().addRunFailure(2, missing);
    s().addRunFailure(3, 'training diverged at step 2: objectives NaN, NaN, NaN');
    s().addRunFailure(4, missing);
    expect(s().notices.map((n) => n.message)).toEqual([`Runs 1, 2 and 4 failed: ${missing}`, 'Run 3 failed: training diverged at step 2: objectives NaN, NaN, NaN']);
    expect(s().notices.every((n) => n.source === 'worker' && n.level === 'error')).toBe(true);
    // Dismissed, a later failure for that reason is news again.
    s().dismissNotice(s().notices[0].id);
    s().addRunFailure(5, missing);
    expect(s().notices.map((n) => n.message)).toEqual(['Run 3 failed: training diverged at step 2: objectives NaN, NaN, NaN', `Run 5 failed: ${missing}`]);
  });

  it('says one run or several', () => {
    expect(runFailureText([7], 'x')).toBe('Run 7 failed: x');
    expect(runFailureText([7, 8], 'x')).toBe('Runs 7 and 8 failed: x');
  });
});
