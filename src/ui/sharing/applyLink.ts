/**
 * Applies the link in the address to the explorer: on load, and again when only the fragment changes (a link
 * pasted into the same tab does not reload the page). Each bad field is named in one notice. A link refused as a
 * whole changes nothing once the page is open (`pasted`): the settings stay, and the link stays in the address to
 * be mended (applying its defaults would also have written them over it).
 */
import { useExplorerStore } from '../explorer/explorerStore';
import { useAppStore } from '../store';
import { applyLab } from '../teaching/applyLab';
import { decodeLink, type LinkLocation } from '../../experiment/link/location';
import { describeWorkerChoice } from '../../experiment/link/experiment';
import type { DecodedExperiment } from '../../experiment/link/codec';
import { sharedPartOf } from './experimentState';

export function applyLink(location: Pick<LinkLocation, 'search' | 'hash'>, { pasted = false } = {}): DecodedExperiment {
  const link = decodeLink(location);
  const keep = pasted && link.refused;
  if (!keep) {
    useExplorerStore.getState().applyShared(sharedPartOf(link.experiment));
    applyLab(link.experiment);
  }
  if (link.problems.length > 0) {
    useAppStore.getState().addNotice({
      source: 'param',
      level: link.refused ? 'error' : 'warning',
      message: keep
        ? 'The link could not be used; the settings are as they were (the link stays in the address, to be mended).'
        : link.refused
          ? 'The link could not be used; the app starts with the default settings.'
          : 'Some settings in the link could not be used; the others were applied.',
      details: link.problems,
    });
  }
  if (link.readAsOlder) useAppStore.getState().addNotice({ source: 'param', level: 'info', message: link.readAsOlder });
  return link;
}

/** Re-applies the link when the fragment changes; another backend or runs at once need a reload, which a notice says. */
export function followFragmentChanges(): () => void {
  const onChange = () => {
    const link = applyLink(window.location, { pasted: true });
    if (link.refused) return;
    const app = useAppStore.getState();
    const { backend, atOnce } = link.experiment;
    if (backend !== app.requested.backend || atOnce !== app.requested.atOnce) {
      app.addNotice({ source: 'param', level: 'warning', message: `The link asks for ${describeWorkerChoice({ backend, atOnce })}: reload the page to switch.` });
      app.setRequested({ backend, atOnce });
    }
  };
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}
