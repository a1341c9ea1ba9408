/**
 * Touch targets as the browser lays them out: the bounding box of every visible radio and
 * checkbox label (the label is the target: a tap anywhere on it answers) and every button (a
 * `<button>`, an `<input type="submit">`, or a link drawn as one, `.button`). main.css promises
 * 2.75rem (44 px at the default 16 px), WCAG 2.5.5's size.
 */
import type { Page } from 'playwright-core';

export const TOUCH_PX = 44;

export interface Target {
  readonly height: number;
  readonly width: number;
  /** What it is: `label "30 to 39"`, `button "Send my answer"`. */
  readonly what: string;
  readonly kind: 'radio' | 'checkbox' | 'button' | 'other';
}

/**
 * The page's visible targets (`display: none` and print-only ones left out), and any others
 * `extra` selects (the poll's language links).
 */
export function touchTargets(page: Page, extra = ''): Promise<Target[]> {
  return page.evaluate((extraSelector) => {
    const out: {
      height: number;
      width: number;
      what: string;
      kind: 'radio' | 'checkbox' | 'button' | 'other';
    }[] = [];
    const add = (el: Element, kind: 'radio' | 'checkbox' | 'button' | 'other') => {
      const box = el.getBoundingClientRect();
      if (el.getClientRects().length === 0 || box.width === 0) return;
      const text = (el.textContent ?? (el as HTMLInputElement).value ?? '').replace(/\s+/g, ' ').trim();
      out.push({
        height: box.height,
        width: box.width,
        what: `${el.tagName.toLowerCase()} "${text.slice(0, 60)}"`,
        kind,
      });
    };
    for (const input of document.querySelectorAll<HTMLInputElement>(
      'input[type="radio"], input[type="checkbox"]',
    )) {
      for (const label of input.labels ?? []) add(label, input.type as 'radio' | 'checkbox');
    }
    for (const el of document.querySelectorAll('button, input[type="submit"], .button')) add(el, 'button');
    if (extraSelector !== '') for (const el of document.querySelectorAll(extraSelector)) add(el, 'other');
    return out;
  }, extra);
}

/** The targets under TOUCH_PX tall, one line each (empty when all are large enough). */
export function tooSmall(targets: readonly Target[]): string[] {
  return targets.filter((t) => t.height < TOUCH_PX).map((t) => `${t.what}: ${t.height.toFixed(1)} px`);
}
