import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { FormUser } from '../helpers/forms.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

describe('security headers and cookies', () => {
  it('sends a strict CSP and no version banner over plain HTTP', async () => {
    t = makeTestApp();
    const res = await new FormUser(t.app).get('/');
    const csp = res.headers['content-security-policy'] ?? '';
    for (const d of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "form-action 'self'",
    ]) {
      expect(csp).toContain(d);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(
      cookies.some((c) => c.startsWith('kanal.sid=') && /HttpOnly/.test(c) && /SameSite=Lax/.test(c)),
    ).toBe(true);
  });

  it('uses __Host- Secure cookies, HSTS and upgrade-insecure-requests behind HTTPS', async () => {
    t = makeTestApp({ config: { HTTPS: true } });
    const res = await new FormUser(t.app).get('/');
    expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toContain('max-age=31536000');
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    expect(cookies.every((c) => c.startsWith('__Host-') && /Secure/.test(c) && /Path=\//.test(c))).toBe(true);
  });

  it('has no inline script, style element or style attribute on any page', async () => {
    t = makeTestApp();
    const res = await new FormUser(t.app).get('/');
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(res.text).not.toMatch(/<style|\sstyle=/);
    expect(res.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
  });

  it('serves the static files from self', async () => {
    t = makeTestApp();
    const u = new FormUser(t.app);
    expect((await u.get('/static/css/main.css')).status).toBe(200);
    expect((await u.get('/static/js/enhance.js')).status).toBe(200);
    expect((await u.get('/static/../package.json')).status).toBe(404);
  });
});
