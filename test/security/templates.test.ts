/**
 * No template writes raw (unescaped) output except includes: every value a page shows goes
 * through EJS's escaping. The XSS corpus (xss.test.ts, soak) checks the rendered pages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('templates', () => {
  it('no template writes raw output except includes', () => {
    const views = path.resolve(import.meta.dirname, '../../views');
    const files = readdirSync(views, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ejs'));
    const raw: string[] = [];
    for (const f of files) {
      for (const m of readFileSync(path.join(views, f), 'utf8').matchAll(/<%-\s*([^%]*)%>/g)) {
        if (!/^include\(/.test(m[1] ?? '')) raw.push(`${f}: <%- ${m[1]?.trim()} %>`);
      }
    }
    // No exceptions: even QR codes are drawn with escaped output (partials/qr-svg.ejs).
    expect(raw).toEqual([]);
  });
});
