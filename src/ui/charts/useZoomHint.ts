/** The zoom hint for this screen's pointer, kept current (a tablet docked to a keyboard and mouse changes it). */
import { useMediaQuery } from '../useMediaQuery';
import { TOUCH_POINTER, zoomHint } from './chartZoom';

export function useZoomHint(): string {
  return zoomHint(useMediaQuery(TOUCH_POINTER));
}
