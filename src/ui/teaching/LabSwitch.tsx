/** Switches between the network explorer and the teaching lab (the link's `problem` follows). */
import { useTeachingStore } from './teachingStore';

export function LabSwitch() {
  const active = useTeachingStore((s) => s.active);
  const setActive = useTeachingStore((s) => s.setActive);
  return (
    <nav className="lab-switch" aria-label="Lab">
      <button type="button" aria-pressed={!active} onClick={() => setActive(false)} data-testid="lab-network">
        Network explorer
      </button>
      <button type="button" aria-pressed={active} onClick={() => setActive(true)} data-testid="lab-teaching">
        Teaching lab
      </button>
    </nav>
  );
}
