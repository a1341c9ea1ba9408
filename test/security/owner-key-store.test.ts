/**
 * The wrong-owner-key limits over a shared store (limits.ts ownerKeyGuard with `storeFor`, as
 * PostgreSQL gives it): the counts are the store's, so two guards on one store (two instances)
 * count once; a failing store is logged and the key still compared, uncounted. The real
 * PostgreSQL store across app instances is in test/pg/instances.test.ts.
 */
import type { Request } from 'express';
import { MemoryStore, type Options, type Store } from 'express-rate-limit';
import { describe, expect, it } from 'vitest';
import { OWNER_KEY_LIMITS, ownerKeyGuard } from '../../src/web/limits.js';
import { hashSecret } from '../../src/web/secrets.js';

const KEY = 'k'.repeat(43);
const HASH = hashSecret(KEY);

function fakeRequest(ip: string) {
  const logged: string[] = [];
  const headers: Record<string, string> = {};
  const log = {
    error: (_o: unknown, msg: string) => void logged.push(`error ${msg}`),
    warn: (_o: unknown, msg: string) => void logged.push(`warn ${msg}`),
    child: () => log,
  };
  const req = {
    ip,
    socket: {},
    log,
    res: {
      set: (n: string, v: string) => {
        headers[n] = v;
      },
    },
  };
  return { req: req as unknown as Request, logged, headers };
}

/** One express-rate-limit MemoryStore per limiter name, shared by every guard made from it. */
function sharedStores() {
  const stores = new Map<string, Store>();
  return (name: string) => {
    let s = stores.get(name);
    if (s === undefined) {
      s = new MemoryStore();
      stores.set(name, s);
    }
    return s;
  };
}

describe('wrong owner keys over a shared store', () => {
  it('are counted once across two guards on the store, and the sixth is refused with Retry-After', async () => {
    const storeFor = sharedStores();
    const guards = [ownerKeyGuard(Date.now, storeFor), ownerKeyGuard(Date.now, storeFor)];
    for (let i = 0; i < OWNER_KEY_LIMITS.perPlanAndAddress; i++) {
      expect(await guards[i % 2]!.matches(fakeRequest('10.0.0.1').req, `wrong${i}`, HASH)).toBe(false);
    }
    const over = fakeRequest('10.0.0.1');
    await expect(guards[1]!.matches(over.req, KEY, HASH)).rejects.toMatchObject({ status: 429 });
    expect(Number(over.headers['Retry-After'])).toBeGreaterThan(0);
    // Another address still has its own allowance for this plan.
    expect(await guards[0]!.matches(fakeRequest('10.0.0.2').req, KEY, HASH)).toBe(true);
  });

  it('a store that fails is logged, and the key is compared without counting', async () => {
    const broken: Store = {
      init: (_o: Options) => {},
      get: async () => {
        throw new Error('connection terminated');
      },
      increment: async () => {
        throw new Error('connection terminated');
      },
      decrement: async () => {},
      resetKey: async () => {},
    };
    const guard = ownerKeyGuard(Date.now, () => broken);
    const right = fakeRequest('10.0.0.3');
    expect(await guard.matches(right.req, KEY, HASH)).toBe(true);
    expect(right.logged).toEqual(['error rate-limit store failed']);
    for (let i = 0; i < OWNER_KEY_LIMITS.perPlanAndAddress + 2; i++) {
      expect(await guard.matches(fakeRequest('10.0.0.3').req, 'wrong', HASH)).toBe(false);
    }
  });
});
