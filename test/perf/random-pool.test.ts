/** The random pool (src/random-pool.ts): every byte comes from the CSPRNG and is handed out once. */
import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../../src/random-pool.js';

describe('pooledRandomBytes', () => {
  it('hands out each filled byte once, in order, refilling when the pool runs out', () => {
    let counter = 0;
    let fills = 0;
    // A fill that writes 0, 1, 2, ... so every byte handed out can be traced to its place.
    const fill = (b: Buffer) => {
      fills += 1;
      for (let i = 0; i < b.length; i++) b[i] = counter++ % 256;
      return b;
    };
    const random = pooledRandomBytes(64, fill);
    const got: number[] = [];
    for (let i = 0; i < 10; i++) got.push(...random(12));
    // Pools of 64 give 5 draws of 12 each (the 4 bytes left are dropped, never handed out).
    expect(fills).toBe(2);
    const expected = [
      ...Array.from({ length: 60 }, (_, i) => i),
      ...Array.from({ length: 60 }, (_, i) => 64 + i),
    ];
    expect(got).toEqual(expected);
  });

  it('returns copies: changing one never changes another or a later draw', () => {
    const random = pooledRandomBytes(64, (b) => b.fill(7));
    const a = random(16);
    a.fill(1);
    const b = random(16);
    expect([...b]).toEqual(Array(16).fill(7));
    expect(a.buffer === b.buffer && a.byteOffset === b.byteOffset).toBe(false);
  });

  it('serves a large request straight from the source', () => {
    const sizes: number[] = [];
    const random = pooledRandomBytes(64, (b) => {
      sizes.push(b.length);
      return b.fill(3);
    });
    expect(random(40).length).toBe(40);
    expect(sizes).toEqual([40]);
  });

  it('gives distinct secrets from the real CSPRNG', () => {
    const random = pooledRandomBytes();
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(random(32).toString('hex'));
    expect(seen.size).toBe(2000);
  });
});
