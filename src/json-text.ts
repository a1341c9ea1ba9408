/**
 * JSON text made once per value. A new plan is written twice as JSON: into its row and into the
 * API's answer (about 0.1 ms each for a plan). `jsonText` keeps the text of each object it
 * serialises (weakly: it goes with the object) and `objectJson` splices kept texts into an
 * answer, so the plan is serialised once. Both give exactly what JSON.stringify gives, as long
 * as a value is not changed after its text was made: plans and answers are never changed once
 * made (their types are readonly).
 *
 * A value can also arrive as its text alone (`JsonText`: a plan made on a planning thread comes
 * back as the text that thread wrote, src/plan-threads.ts): it is stored and sent as that text.
 */
const texts = new WeakMap<object, string>();

/** A value of type T carried as its JSON text, for jsonText and objectJson to use as is. */
export class JsonText<T> {
  declare private readonly of?: T;
  constructor(readonly text: string) {}
}

/** JSON.stringify(value), made once per object (a JsonText's own text). */
export function jsonText(value: object): string {
  if (value instanceof JsonText) return value.text;
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}

/** JSON.stringify(fields) (members in order, undefined ones left out), with kept texts reused. */
export function objectJson(fields: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const text =
      value instanceof JsonText
        ? value.text
        : typeof value === 'object' && value !== null
          ? (texts.get(value) ?? JSON.stringify(value))
          : JSON.stringify(value);
    if (text !== undefined) parts.push(`${JSON.stringify(name)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}
