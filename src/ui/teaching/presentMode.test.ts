import { describe, expect, it } from 'vitest';
import { escapeLeavesPresentMode } from './presentMode';

/** An element of the page as the rule sees it: `matches`, the selector its `closest` finds it under (or none). */
const element = (inside: (selector: string) => boolean) => ({ closest: (selector: string) => (inside(selector) ? {} : null) }) as unknown as EventTarget;
const press = (key: string, target: EventTarget | null, defaultPrevented = false) => escapeLeavesPresentMode({ key, target, defaultPrevented });

describe('escapeLeavesPresentMode', () => {
  const button = element(() => false);

  it('leaves on an Escape that nothing else took, from a button, the page or nowhere', () => {
    expect(press('Escape', button)).toBe(true);
    expect(press('Escape', null)).toBe(true);
    // The document or the window (the focus on no element): no closest() to ask.
    expect(press('Escape', {} as EventTarget)).toBe(true);
  });

  it('ignores other keys, and an Escape that a part of the page handled (the tour closing)', () => {
    expect(press('Enter', button)).toBe(false);
    expect(press('Esc', button)).toBe(false);
    expect(press('Escape', button, true)).toBe(false);
  });

  it('leaves Escape to a text field, a list box, an editable region and a dialog', () => {
    for (const selector of ['textarea', 'select', '[role="dialog"]', 'dialog']) {
      const inside = element((s) => s.split(', ').includes(selector));
      expect(press('Escape', inside), selector).toBe(false);
    }
  });

  it('asks about text fields only, not the inputs that are buttons, boxes or sliders', () => {
    let asked = '';
    press('Escape', element((s) => ((asked = s), false)));
    const inputRule = asked.split(', ').find((s) => s.startsWith('input'))!;
    for (const type of ['range', 'checkbox', 'radio', 'button', 'submit', 'reset']) expect(inputRule).toContain(`[type="${type}"]`);
    for (const type of ['text', 'number', 'search']) expect(inputRule).not.toContain(`[type="${type}"]`);
  });
});
