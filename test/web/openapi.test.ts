/** docs/openapi.yaml describes the routes the app really serves (checked without a YAML parser). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/db/open.js';
import { createSqlitePollStore } from '../../src/db/sqlite-poll-store.js';
import { createSqliteStore } from '../../src/db/sqlite-store.js';
import { AnswersSchema } from '../../src/domain/answers.js';
import { EVIDENCE_KINDS, PlanV2Schema } from '../../src/domain/plan-schema.js';
import { createPlans } from '../../src/plans.js';
import { createPolls } from '../../src/polls.js';
import { makeTestApp, seededRandomBytes } from '../helpers/app.js';

const yaml = readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8');

/** The path item of `path` in the document: its lines up to the next path. */
function pathItem(p: string): string | undefined {
  const start = yaml.search(new RegExp(`^ {2}${p.replace(/[{}/]/g, '\\$&')}:$`, 'm'));
  if (start < 0) return undefined;
  const rest = yaml.slice(start + 1);
  const next = rest.search(/^ {2}\/|^components:/m);
  return rest.slice(0, next < 0 ? undefined : next);
}

interface Layer {
  readonly route?: { readonly path: string; readonly methods: Record<string, boolean> };
  readonly handle: { readonly stack?: readonly Layer[] };
  match(path: string): boolean;
}

/** Every API route the app mounts: (method, path) under /api/v1, from Express's own router. */
function mountedApiRoutes(app: { router: { stack: readonly Layer[] } }): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  for (const layer of app.router.stack) {
    const inner = layer.handle.stack;
    // A router mounted at /api/v1 (one mounted at / matches any path too).
    if (inner === undefined || !layer.match('/api/v1/plans') || layer.match('/not-the-api')) continue;
    for (const l of inner) {
      if (l.route === undefined) continue;
      for (const [method, on] of Object.entries(l.route.methods))
        if (on && method !== '_all')
          out.push({ method, path: `/api/v1${l.route.path.replace(/:(\w+)/g, '{$1}')}` });
    }
  }
  return out;
}

const dir = mkdtempSync(path.join(tmpdir(), 'kanal-openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/openapi.yaml', () => {
  it('is OpenAPI 3.1 with the plan endpoints and methods', () => {
    expect(yaml).toMatch(/^openapi: 3\.1\.0$/m);
    expect(yaml).toMatch(/^ {2}\/api\/v1\/plans:\n {4}post:/m);
    const item = yaml.split(/^ {2}\/api\/v1\/plans\/\{id\}:$/m)[1] ?? '';
    for (const method of ['get', 'put', 'delete']) expect(item).toMatch(new RegExp(`^ {4}${method}:`, 'm'));
    expect(yaml).toContain('X-Owner-Key');
    for (const status of ['201', '200', '204', '400', '401', '403', '404', '409', '413', '415']) {
      expect(yaml).toMatch(new RegExp(`["']${status}["']:`));
    }
  });

  it('describes every API route the app mounts (the poll included), with its methods', () => {
    // The app as server.ts builds it, with the customer poll mounted.
    const db = openDatabase(path.join(dir, 'kanal.db'));
    migrate(db);
    const store = createSqliteStore(db);
    const t = makeTestApp();
    const deps = { store, clock: () => t.now, randomBytes: seededRandomBytes('openapi'), planner: t.planner };
    const polls = createPolls({
      ...deps,
      polls: createSqlitePollStore(db),
      plans: createPlans({ ...deps, config: { RETENTION_DAYS: 180 } }),
    });
    const withPoll = makeTestApp({ polls });
    try {
      const routes = mountedApiRoutes(withPoll.app as never);
      const paths = new Set(routes.map((r) => r.path));
      for (const p of [
        '/api/v1/plans',
        '/api/v1/plans/{id}',
        '/api/v1/plans/{id}/poll',
        '/api/v1/plans/{id}/poll/apply',
      ])
        expect(paths, p).toContain(p);
      for (const r of routes) {
        const item = pathItem(r.path);
        expect(item, `${r.path} is not in docs/openapi.yaml`).toBeDefined();
        expect(item, `${r.method.toUpperCase()} ${r.path}`).toMatch(new RegExp(`^ {4}${r.method}:`, 'm'));
      }
      // And nothing documented that is not mounted.
      for (const documented of yaml.matchAll(/^ {2}(\/api\/v1\/\S+):$/gm))
        expect(paths, `${documented[1]} is documented but not mounted`).toContain(documented[1]);
    } finally {
      withPoll.close();
      t.close();
      db.close();
    }
  });

  it('names every top-level field of Answers and Plan, customers.poll and every kind of evidence', () => {
    for (const key of Object.keys(AnswersSchema.shape))
      expect(yaml, key).toMatch(new RegExp(`^ {8}${key}:`, 'm'));
    for (const key of Object.keys(PlanV2Schema.shape))
      expect(yaml, key).toMatch(new RegExp(`^ {8}${key}:`, 'm'));
    expect(yaml).toMatch(/^ {12}poll: \{ \$ref: "#\/components\/schemas\/CustomersPoll" \}$/m);
    expect(yaml).toContain(`enum: [${EVIDENCE_KINDS.join(', ')}]`);
  });

  it('has no tab characters (YAML forbids them for indentation)', () => {
    expect(yaml).not.toContain('\t');
  });
});
