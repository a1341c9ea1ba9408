/**
 * Valid HTML (html-validate:recommended) for every page test. Rules turned off, and why:
 * - no-trailing-whitespace: EJS control lines leave indentation behind; it is invisible.
 * - form-dup-name: checkboxes of one question share a name (name=channels&name=channels...), as
 *   HTML forms intend; the rule allows that for radios by default, we add checkboxes.
 * Nothing else is relaxed.
 */
import { HtmlValidate } from 'html-validate';
import { expect } from 'vitest';

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'no-trailing-whitespace': 'off',
    'form-dup-name': ['error', { shared: ['radio', 'checkbox', 'button', 'reset', 'submit'] }],
  },
});

/** Fails with one line per problem ("line:column rule: message"), labelled if a label is given. */
export async function expectValidHtml(html: string, label?: string): Promise<void> {
  const report = await validator.validateString(html);
  const problems = report.results.flatMap((r) =>
    r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
  );
  expect(problems, label).toEqual([]);
}

/**
 * A questionnaire page refused with `text` at the input `field`: a 400, the message in the error
 * summary (linked to the input) and at the input itself, and valid HTML.
 */
export async function expectRefusedAt(res: { status: number; text: string }, field: string, text: string) {
  expect(res.status).toBe(400);
  expect(res.text).toContain(text);
  expect(res.text).toContain(`href="#f-${field}"`);
  expect(res.text).toContain(`id="f-${field}-error"`);
  await expectValidHtml(res.text);
}
