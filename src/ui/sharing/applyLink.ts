/**
 * Applies the link in the address to the explorer: on load, and again when only the fragment changes (a link
 * pasted into the same tab does not reload the page). Each bad field is named in one notice.
 */
import { useExplorerStore } from '../explorer/explorerStore';
import { useAppStore } from '../store';
import { applyLab } from '../teaching/applyLab';
import { decodeLink, type LinkLocation } from '../../experiment/link/location';
import type { DecodedExperiment } from '../../experiment/link/codec';
import { sharedPartOf } from './experimentState';

export function applyLink(location: Pick<LinkLocation, 'search' | 'hash'>): DecodedExperiment {
  const link = decodeLink(location);
  useExplorerStore.getState().applyShared(sharedPartOf(link.experiment));
  applyLab(link.experiment);
  if (link.problems.length > 0) {
    useAppStore.getState().addNotice({
      source: 'param',
      level: link.refused ? 'error' : 'warning',
      message: link.refused
        ? 'The link could not be used; the app starts with the default settings.'
        : 'Some settings in the link could not be used; the others were applied.',
      details: link.problems,
    });
  }
  return link;
}

/** Re-applies the link when the fragment changes; a different backend needs a reload, which a notice says. */
export function followFragmentChanges(): () => void {
  const onChange = () => {
    const link = applyLink(window.location);
    const app = useAppStore.getState();
    const backend = link.experiment.backend ?? undefined;
    if (backend !== app.requested) {
      app.addNotice({ source: 'param', level: 'warning', message: `The link asks for the ${backend ?? 'automatic'} backend: reload the page to switch.` });
      app.setRequested(backend);
    }
  };
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}
