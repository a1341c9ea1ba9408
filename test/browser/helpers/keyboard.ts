/**
 * Keyboard-only use of a page: Tab and Shift+Tab to move, Space, arrows and Enter to act,
 * typing into whatever has focus. No click(), no fill(): an element is only used once the
 * keyboard has brought focus to it, and every element reached is checked for a visible focus
 * indicator (main.css: a yellow outline or background).
 */
import type { Page } from 'playwright-core';

/** What the focused element looks like; `visible` says whether focus can be seen. */
export interface FocusState {
  readonly tag: string;
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly value: string;
  readonly checked: boolean;
  readonly visible: boolean;
  readonly describe: string;
}

export function focusState(page: Page): Promise<FocusState> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) {
      return {
        tag: 'body',
        id: '',
        name: '',
        type: '',
        value: '',
        checked: false,
        visible: false,
        describe: 'body',
      };
    }
    const style = getComputedStyle(el);
    const transparent = (c: string) => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
    const outline =
      style.outlineStyle !== 'none' &&
      Number.parseFloat(style.outlineWidth) >= 2 &&
      !transparent(style.outlineColor);
    // The focus colour (#ffdd00) as a background or a box-shadow.
    const yellow = 'rgb(255, 221, 0)';
    const filled = style.backgroundColor === yellow || style.boxShadow.includes(yellow);
    const box = el.getBoundingClientRect();
    const input = el as HTMLInputElement;
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      name: input.name ?? '',
      type: input.type ?? '',
      value: input.value ?? '',
      checked: input.checked === true,
      visible: (outline || filled) && box.width > 0 && box.height > 0,
      describe: `${el.tagName.toLowerCase()}#${el.id}[name=${input.name ?? ''}] "${(el.textContent ?? '').trim().slice(0, 40)}"`,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `test`; fails after `max`
 * presses, or when an element on the way has no visible focus.
 */
export async function tabUntil(
  page: Page,
  test: (s: FocusState) => boolean,
  what: string,
  options: { back?: boolean; max?: number } = {},
): Promise<FocusState> {
  const max = options.max ?? 80;
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const s = await focusState(page);
    seen.push(s.describe);
    if (s.tag !== 'body' && !s.visible) throw new Error(`No visible focus on ${s.describe}`);
    if (test(s)) return s;
  }
  throw new Error(`Tab never reached ${what}. Focus went: ${seen.join(' → ')}`);
}

/** Brings focus to #id with Tab (or Shift+Tab); no key pressed if it is focused already. */
export async function tabTo(page: Page, id: string, options: { back?: boolean } = {}): Promise<FocusState> {
  const now = await focusState(page);
  if (now.id === id) {
    if (!now.visible) throw new Error(`No visible focus on ${now.describe}`);
    return now;
  }
  return tabUntil(page, (s) => s.id === id, `#${id}`, options);
}

/** Tabs to a text input and types into it (clearing what was there with the keyboard). */
export async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, id);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  if (text !== '') await page.keyboard.type(text);
}

/** Tabs to a checkbox and ticks it with Space. */
export async function tick(page: Page, id: string): Promise<void> {
  const s = await tabTo(page, id);
  if (!s.checked) await page.keyboard.press('Space');
  if (!(await focusState(page)).checked) throw new Error(`#${id} did not tick`);
}

/** Tabs into a radio group and moves with the arrow keys to `value` (arrows also check). */
export async function chooseRadio(page: Page, name: string, value: string): Promise<void> {
  let s = await tabUntil(page, (x) => x.type === 'radio' && x.name === name, `the ${name} radios`);
  for (let i = 0; i < 12 && s.value !== value; i++) {
    await page.keyboard.press('ArrowDown');
    s = await focusState(page);
  }
  if (s.value !== value) throw new Error(`Radio ${name}=${value} not reached`);
  if (!s.checked) await page.keyboard.press('Space');
  if (!(await focusState(page)).checked) throw new Error(`Radio ${name}=${value} not checked`);
}

/** Tabs to a select and picks an option by typing the start of its label. */
export async function chooseOption(page: Page, id: string, label: string, value: string): Promise<void> {
  await tabTo(page, id);
  await page.keyboard.type(label);
  const s = await focusState(page);
  if (s.value !== value) throw new Error(`#${id}: typing "${label}" chose "${s.value}", not "${value}"`);
}

/** Tabs to the page's submit button and presses Enter. */
export async function submit(page: Page): Promise<void> {
  await tabUntil(page, (s) => s.tag === 'button' && s.type === 'submit', 'the submit button');
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
}
