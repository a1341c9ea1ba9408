import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/i18n.js';
import { VIEWS_DIR } from '../../src/web/app.js';
import { errorHandler } from '../../src/web/errors.js';

describe('the error handler', () => {
  it('renders its page even when the error came before any translator was set', async () => {
    const app = express();
    app.set('views', VIEWS_DIR);
    app.set('view engine', 'ejs');
    app.use(() => {
      throw new Error('before the i18n middleware');
    });
    app.use(errorHandler(() => 'incident-1', createI18n({ strict: true }).translator('en')));
    const res = await request(app).get('/anything');
    expect(res.status).toBe(500);
    expect(res.text).toContain('incident-1');
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).not.toContain('before the i18n middleware');
  });
});
