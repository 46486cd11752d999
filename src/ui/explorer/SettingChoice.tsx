/**
 * Which setting's runs the front and "Methods side by side" show, where runs of several settings are finished
 * (shownSetting.ts): one choice, shared by both panels.
 */
import { useExplorerStore } from './explorerStore';
import { useExplorerView } from './explorerView';
import { shownSetting } from './shownSetting';

export function SettingChoice({ testId }: { testId: string }) {
  const { settings, shown, current } = useExplorerView(shownSetting);
  const pickSetting = useExplorerStore((s) => s.pickSetting);
  if (settings.length < 2 || shown === null) return null;
  return (
    <p className="panel-note">
      <label>
        Runs of{' '}
        <select value={shown} onChange={(e) => pickSetting({ key: e.target.value, current })} data-testid={testId}>
          {settings.map((g) => (
            <option key={g.key} value={g.key}>
              {g.label} ({g.runs} {g.runs === 1 ? 'run' : 'runs'})
            </option>
          ))}
        </select>
      </label>{' '}
      — runs of another network, recipe or budget are not points of the same front: one setting at a time, all against one reference point.
    </p>
  );
}
