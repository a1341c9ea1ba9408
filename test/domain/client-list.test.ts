/** A client list's rows counted by age group (src/domain/client-list.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countClientAges } from '../../src/domain/client-list.js';
import { soakOr } from '../security/soak.js';

const TODAY = { year: 2026, month: 3, day: 2 };
const counts = (r: ReturnType<typeof countClientAges>) => (r.ok ? r.counts : undefined);

describe('countClientAges', () => {
  it('reads an Age column among others, and says which column it read', () => {
    const r = countClientAges(
      [
        ['Name', 'Phone', 'Age'],
        ['Ana', '+65 8123 4567', '19'],
        ['Ben', '+65 8123 4568', '20'],
        ['Chi', '', '29'],
        ['Dee', '', '35'],
        ['Eve', '', '64'],
        ['Fay', '', '101'],
      ],
      TODAY,
    );
    expect(r).toEqual({
      ok: true,
      counts: { under20: 1, '20s': 2, '30s': 1, '40s': 0, '50s': 0, '60plus': 2 },
      counted: 6,
      skipped: 0,
      column: 'Age',
    });
  });

  it('reads birth dates in the ways owners write them, with the birthday counted exactly', () => {
    const r = countClientAges(
      [
        ['Client', 'Date of Birth'],
        ['a', '1996-03-02'], // 30 today
        ['b', '1996-03-03'], // 29 until tomorrow
        ['c', '03/03/1996'], // day first: 3 March 1996, 29
        ['d', '02.03.1986'], // 40
        ['e', '12/25/1990'], // month first only because 25 cannot be a month: 35
        ['f', '1980'], // a year alone: age at mid-year, 45 in March
        ['g', '31/02/1990'], // not a date
        ['h', '2030-01-01'], // in the future
        ['i', 'unknown'],
        ['j', ''],
      ],
      TODAY,
    );
    expect(r.ok).toBe(true);
    expect(counts(r)).toEqual({ under20: 0, '20s': 2, '30s': 2, '40s': 2, '50s': 0, '60plus': 0 });
    if (r.ok) {
      expect(r.counted).toBe(6);
      expect(r.skipped).toBe(4);
      expect(r.column).toBe('Date of Birth');
    }
  });

  it('knows the words for age and birth date in Malay and Indonesian, whatever their case and spacing', () => {
    const cases: [string, string][] = [
      ['Umur', '42'],
      ['usia', '42'],
      ['Tarikh Lahir', '1984-01-05'],
      ['TANGGAL_LAHIR', '05/01/1984'],
      ['tgl. lahir', '1984'],
      ['D.O.B', '05.01.1984'],
      ['birthday', '1984-01-05'],
    ];
    for (const [header, value] of cases) {
      const r = countClientAges(
        [
          ['Nama', header],
          ['x', value],
        ],
        TODAY,
      );
      expect(r.ok, header).toBe(true);
      expect(counts(r)?.['40s'], header).toBe(1);
    }
  });

  it('takes a list of one column as it is, with or without a header of its own', () => {
    expect(counts(countClientAges([['25'], ['31'], ['1950-06-01']], TODAY))).toEqual({
      under20: 0,
      '20s': 1,
      '30s': 1,
      '40s': 0,
      '50s': 0,
      '60plus': 1,
    });
    const headed = countClientAges([['Years old'], ['25'], ['52']], TODAY);
    expect(headed.ok && headed.counted).toBe(2);
    expect(headed.ok && headed.skipped).toBe(0);
  });

  it('says what is wrong when nothing can be counted', () => {
    const key = (r: ReturnType<typeof countClientAges>) => (r.ok ? 'ok' : r.error.key);
    expect(key(countClientAges([], TODAY))).toBe('client_list.empty');
    expect(key(countClientAges([[''], ['  ']], TODAY))).toBe('client_list.empty');
    expect(
      key(
        countClientAges(
          [
            ['Name', 'Phone'],
            ['Ana', '123'],
          ],
          TODAY,
        ),
      ),
    ).toBe('client_list.no_column');
    expect(
      key(
        countClientAges(
          [
            ['Name', 'Age'],
            ['Ana', 'old'],
            ['Ben', '-3'],
            ['Chi', '130'],
          ],
          TODAY,
        ),
      ),
    ).toBe('client_list.no_values');
  });

  it('keeps nothing but counts: no name, phone or date of the list is in the result', () => {
    const r = countClientAges(
      [
        ['Name', 'Birthday'],
        ['Secret Name', '1990-01-01'],
      ],
      TODAY,
    );
    expect(JSON.stringify(r)).not.toMatch(/Secret|1990/);
  });

  it('never throws, and every row is either counted in one group or skipped (1,000 random lists)', () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer({ min: -10, max: 200 }).map(String),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.constantFrom('Age', 'Birthday', 'umur', '31/02/1990', '12/25/1990', '1999', ' '),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 30 }), (rows) => {
        const r = countClientAges(rows, TODAY);
        if (!r.ok) return;
        const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
        expect(total).toBe(r.counted);
        expect(r.counted).toBeGreaterThan(0);
        const nonEmpty = rows.filter((row) => row.some((c) => c.trim() !== '')).length;
        expect(r.counted + r.skipped).toBeLessThanOrEqual(nonEmpty);
        expect(r.counted + r.skipped).toBeGreaterThanOrEqual(nonEmpty - 1);
      }),
      { numRuns: soakOr(1000, 100) },
    );
  });
});
