/**
 * The client-list upload on the customers page: a CSV file is counted into the age fields and
 * dropped (never stored, never logged); every bad file gets a message on the page; the route takes
 * multipart only for itself and still needs the CSRF token and the same origin.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CELLS, UPLOAD_FIELDS } from '../../src/web/client-list.js';
import { hashSecret } from '../../src/web/secrets.js';
import { SALON_PAGES } from '../helpers/answers.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { csrfFrom, FormUser } from '../helpers/forms.js';
import { expectValidHtml } from '../helpers/html.js';
import { capturedLogger } from '../security/support.js';

const CANARY = 'Zelda Quartermaine-Canary';
/** Ages on 2 March 2026 (the test clock): 19, 25, 25, 38, 47, 52, 70; one row without a date. */
const LIST = [
  'Name,Phone,Birthday',
  `${CANARY},+65 9000 0001,2006-07-01`,
  'B,+65 9000 0002,01/01/2001',
  'C,,2000-12-31',
  'D,,1988-03-01',
  'E,,1978-05-20',
  'F,,1973-12-12',
  'G,,1955-01-01',
  'H,,',
].join('\r\n');

const expectValid = (html: string) => expectValidHtml(html);

let t: TestApp;
let user: FormUser;
let base: string;
const log = capturedLogger('trace');

beforeAll(async () => {
  t = makeTestApp({ logger: log.logger });
  user = new FormUser(t.app);
  base = await user.start();
  await user.post(`${base}/business`, SALON_PAGES.business!);
});
afterAll(() => t.close());

/** Uploads `content` (or no file) from the customers page, as its second form does. */
async function upload(content: string | Buffer | undefined, filename = 'clients.csv', token?: string) {
  const page = await user.get(`${base}/customers`);
  const req = user.agent.post(`${base}/customers/list`).field('_csrf', token ?? csrfFrom(page.text));
  return content === undefined
    ? req
    : req.attach('clientList', typeof content === 'string' ? Buffer.from(content) : content, {
        filename,
        contentType: 'text/csv',
      });
}

const fieldValue = (html: string, name: string) =>
  new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1];

describe('client list upload', () => {
  it('is offered on the customers page, sent as multipart with the page’s own form', async () => {
    const res = await user.get(`${base}/customers`);
    expect(res.text).toContain(`<form method="post" action="${base}/customers" id="answers"`);
    expect(res.text).toMatch(/<input[^>]+form="answers"[^>]+type="file"[^>]+accept="\.csv,text\/csv"/);
    expect(res.text).toMatch(
      new RegExp(
        `<button[^>]+form="answers" formaction="${base}/customers/list" formmethod="post" formenctype="multipart/form-data"`,
      ),
    );
    // The page's own button comes first, so Enter in a field continues rather than uploads.
    expect(res.text.indexOf('>Continue</button>')).toBeLessThan(res.text.indexOf('formaction='));
    await expectValid(res.text);
  });

  it('is taken at its address in other letter cases too, as Express routes it', async () => {
    const page = await user.get(`${base}/customers`);
    const res = await user.agent
      .post(`${base.replace(/^\/d\//, '/D/')}/Customers/LIST`)
      .field('_csrf', csrfFrom(page.text))
      .attach('clientList', Buffer.from(LIST), { filename: 'c.csv', contentType: 'text/csv' });
    expect(res.status).toBe(200);
    expect(fieldValue(res.text, 'age_20s')).toBe('2');
  });

  it('shows what the owner typed on the page again, with the counts in the age fields', async () => {
    const page = await user.get(`${base}/customers`);
    const typed = { ageMixMode: 'percent', age_20s: '12,5', activePerMonth: '1.200 or so' };
    const send = (content?: string) => {
      let req = user.agent.post(`${base}/customers/list`).field('_csrf', csrfFrom(page.text));
      for (const [name, value] of Object.entries(typed)) req = req.field(name, value);
      return content === undefined
        ? req
        : req.attach('clientList', Buffer.from(content), { filename: 'c.csv', contentType: 'text/csv' });
    };
    const counted = await send(LIST);
    expect(counted.status).toBe(200);
    expect(fieldValue(counted.text, 'activePerMonth')).toBe('1.200 or so'); // as typed, not checked yet
    expect(fieldValue(counted.text, 'age_20s')).toBe('2'); // the list's count replaces the typed share
    expect(counted.text).toMatch(/value="count"[^>]*checked/);
    await expectValid(counted.text);
    const refused = await send(undefined);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Choose your client list');
    expect(fieldValue(refused.text, 'activePerMonth')).toBe('1.200 or so');
    expect(fieldValue(refused.text, 'age_20s')).toBe('12,5');
    expect(refused.text).toMatch(/value="percent"[^>]*checked/);
    // Shown, never saved: the draft has no customers page yet.
    expect(JSON.stringify(t.db.prepare('SELECT data FROM drafts').all())).not.toContain('1.200 or so');
  });

  it('counts the ages into the age fields, says what it read and that it kept nothing', async () => {
    const res = await upload(LIST);
    expect(res.status).toBe(200);
    expect(fieldValue(res.text, 'age_under20')).toBe('1');
    expect(fieldValue(res.text, 'age_20s')).toBe('2');
    expect(fieldValue(res.text, 'age_30s')).toBe('1');
    expect(fieldValue(res.text, 'age_40s')).toBe('1');
    expect(fieldValue(res.text, 'age_50s')).toBe('1');
    expect(fieldValue(res.text, 'age_60plus')).toBe('1');
    expect(res.text).toMatch(/value="count"[^>]*checked/);
    expect(res.text).toContain('Kanal counted the ages of 7 clients from the column “Birthday”');
    expect(res.text).toContain('1 row had no age or birth date Kanal could read and was left out.');
    expect(res.text).toContain('The list itself was not kept.');
    expect(res.text).not.toContain(CANARY);
    await expectValid(res.text);
  });

  it('stores nothing of the list, and the counts only once the owner continues', async () => {
    await upload(LIST);
    const bytes = () =>
      ['', '-wal', '-shm']
        .map((suffix) => {
          try {
            return readFileSync(t.dbPath + suffix).toString('latin1');
          } catch {
            return '';
          }
        })
        .join('');
    expect(bytes()).not.toContain(CANARY);
    expect(bytes()).not.toContain('+65 9000 0001');
    const draftBefore = t.db.prepare('SELECT data FROM drafts').all();
    expect(JSON.stringify(draftBefore)).not.toContain('age_20s');
    const next = await user.post(`${base}/customers`, {
      ageMixMode: 'count',
      age_under20: '1',
      age_20s: '2',
      age_30s: '1',
      age_40s: '1',
      age_50s: '1',
      age_60plus: '1',
    });
    expect(next.status).toBe(303);
    expect(JSON.stringify(t.db.prepare('SELECT data FROM drafts').all())).toContain('age_20s');
    expect(log.text()).not.toContain(CANARY);
    expect(log.text()).not.toContain('9000 0001');
  });

  it.each([
    ['no file', undefined, 'Choose your client list'],
    ['an empty file', '', 'Choose your client list'],
    ['no age or birthday column', 'Name,Phone\nA,1\n', 'has no column Kanal can read'],
    ['nothing readable in the column', 'Name,Age\nA,old\nB,\n', 'No row of the client list has an age'],
    [
      'a file that is not CSV',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x22, 0x0a, 0x22, 0x22, 0x61]),
      'could not be read as CSV',
    ],
  ])(
    '%s: a message on the page, linked from the error summary, and the age fields as they were',
    async (_name, content, text) => {
      const res = await upload(content as string | Buffer | undefined);
      expect(res.status).toBe(400);
      expect(res.text).toContain(text);
      expect(res.text).toContain('href="#f-clientList"');
      expect(res.text).toContain('id="f-clientList"');
      expect(res.text).toMatch(/<title>Error: /);
      await expectValid(res.text);
    },
  );

  it('"Continue" with a file chosen saves the page as typed: the file input’s name is ignored', async () => {
    // The file input belongs to the page's form, so an urlencoded submit carries its file's name.
    // A draft of its own: the saved page is this request's alone.
    const other = new FormUser(t.app);
    const draft = await other.start();
    await other.post(`${draft}/business`, SALON_PAGES.business!);
    const res = await other.post(`${draft}/customers`, {
      ...SALON_PAGES.customers!,
      clientList: 'clients.csv',
    });
    expect(res.status).toBe(303);
    const token = draft.split('/').pop() ?? '';
    const saved = t.db.prepare('SELECT data FROM drafts WHERE token_hash = ?').get(hashSecret(token)) as {
      data: string;
    };
    expect(JSON.parse(saved.data).pages.customers).toEqual(SALON_PAGES.customers);
  });

  it('refuses a file over 2 MB with 413, and a stray field with 413', async () => {
    const big = await upload(`Age\n${'30\n'.repeat(1_100_000)}`);
    expect(big.status).toBe(413);
    expect(big.text).toContain('larger than 2 MB');
    // On the customers page, next to the field, the age fields as they were.
    expect(big.text).toContain('href="#f-clientList"');
    expect(big.text).toMatch(/id="f-clientList-error"[^>]*>.*larger than 2 MB/);
    expect(big.text).toContain(`action="${base}/customers"`);
    expect(big.text).toMatch(/<title>Error: /);
    await expectValid(big.text);
    const page = await user.get(`${base}/customers`);
    // More fields than the customers page has: refused, never read on.
    let stray = user.agent.post(`${base}/customers/list`).field('_csrf', csrfFrom(page.text));
    for (let i = 0; i < UPLOAD_FIELDS; i++) stray = stray.field(`f${i}`, '1');
    expect((await stray.attach('clientList', Buffer.from('Age\n30\n'), 'a.csv')).status).toBe(413);
  });

  it('refuses a second file with 400 and says only one can be sent, next to the field', async () => {
    const page = await user.get(`${base}/customers`);
    const two = await user.agent
      .post(`${base}/customers/list`)
      .field('_csrf', csrfFrom(page.text))
      .attach('clientList', Buffer.from('Age\n30\n'), 'a.csv')
      .attach('clientList', Buffer.from('Age\n30\n'), 'b.csv');
    expect(two.status).toBe(400);
    expect(two.text).toContain('Only one file can be sent at a time');
    expect(two.text).toContain('href="#f-clientList"');
    expect(two.text).toMatch(/id="f-clientList-error"[^>]*>.*Only one file/);
    expect(two.text).toMatch(/<title>Error: /);
    expect(two.text).not.toContain('Kanal counted');
    await expectValid(two.text);
    // Still behind the CSRF check.
    const forged = await user.agent
      .post(`${base}/customers/list`)
      .field('_csrf', 'not-the-token')
      .attach('clientList', Buffer.from('Age\n30\n'), 'a.csv')
      .attach('clientList', Buffer.from('Age\n30\n'), 'b.csv');
    expect(forged.status).toBe(403);
  });

  it('still needs the CSRF token and the same site; other methods are 405; other pages stay urlencoded-only', async () => {
    expect((await upload(LIST, 'clients.csv', 'not-the-token')).status).toBe(403);
    const page = await user.get(`${base}/customers`);
    const cross = await user.agent
      .post(`${base}/customers/list`)
      .set('Sec-Fetch-Site', 'cross-site')
      .field('_csrf', csrfFrom(page.text))
      .attach('clientList', Buffer.from(LIST), 'clients.csv');
    expect(cross.status).toBe(403);
    const get = await user.get(`${base}/customers/list`);
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const multipartElsewhere = await user.agent
      .post(`${base}/customers`)
      .field('_csrf', csrfFrom(page.text))
      .field('ageMixMode', 'count');
    expect(multipartElsewhere.status).toBe(415);
  });

  it('answers 404 for a draft that does not exist, as every draft page does', async () => {
    const page = await user.get(`${base}/customers`);
    const res = await user.agent
      .post(`/d/${'A'.repeat(43)}/customers/list`)
      .field('_csrf', csrfFrom(page.text))
      .attach('clientList', Buffer.from(LIST), 'clients.csv');
    expect(res.status).toBe(404);
  });

  it('without any of the page’s inputs (a page served before 046): the saved values, with the counts', async () => {
    const other = new FormUser(t.app);
    const draft = await other.start();
    await other.post(`${draft}/business`, SALON_PAGES.business!);
    expect((await other.post(`${draft}/customers`, SALON_PAGES.customers!)).status).toBe(303);
    const page = await other.get(`${draft}/customers`);
    const res = await other.agent
      .post(`${draft}/customers/list`)
      .field('_csrf', csrfFrom(page.text))
      .field('notAnInput', 'x') // a field the page does not have is none of what was typed
      .attach('clientList', Buffer.from(LIST), { filename: 'c.csv', contentType: 'text/csv' });
    expect(res.status).toBe(200);
    expect(fieldValue(res.text, 'activePerMonth')).toBe(SALON_PAGES.customers!.activePerMonth);
    expect(fieldValue(res.text, 'age_20s')).toBe('2');
  });
});

describe('client list upload, rate-limited', () => {
  it('counts toward the "create" limit: over it, 429 and nothing is read', async () => {
    const limited = makeTestApp({ config: { RATE_LIMIT: true, RATE_LIMIT_CREATE_PER_HOUR: 2 } });
    try {
      const u = new FormUser(limited.app);
      const b = await u.start(); // 1 of 2
      await u.post(`${b}/business`, SALON_PAGES.business!);
      const page = await u.get(`${b}/customers`);
      const send = () =>
        u.agent
          .post(`${b}/customers/list`)
          .field('_csrf', csrfFrom(page.text))
          .attach('clientList', Buffer.from(LIST), 'clients.csv');
      expect((await send()).status).toBe(200); // 2 of 2
      const over = await send();
      expect(over.status).toBe(429);
      expect(over.headers['retry-after']).toBeDefined();
    } finally {
      limited.close();
    }
  });
});

describe('client list exports from other programs', () => {
  /** The same seven clients (ages 19, 25, 25, 38, 47, 52, 70) as LIST, in another export format. */
  const ROWS = [
    ['Nama', 'Telefon', 'Tarikh lahir'],
    ['A, the first', '+60 12-345 6789', '2006-07-01'],
    ['B', '', '01/01/2001'],
    ['C', '', '2000-12-31'],
    ['D', '', '1988-03-01'],
    ['E', '', '1978-05-20'],
    ['F', '', '1973-12-12'],
    ['G', '', '1955-01-01'],
  ];
  const csv = (sep: string, quote = (c: string) => (c.includes(sep) ? `"${c}"` : c)) =>
    `${ROWS.map((r) => r.map(quote).join(sep)).join('\r\n')}\r\n`;
  const utf16le = (s: string, bom = true) =>
    Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(s, 'utf16le')]);
  const utf16be = (s: string) => {
    const le = Buffer.from(s, 'utf16le');
    for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
  };

  it.each([
    ['comma separated', Buffer.from(csv(','))],
    ['semicolon separated (Excel in Indonesia and Malaysia)', Buffer.from(csv(';'))],
    ['tab separated', Buffer.from(csv('\t'))],
    ['Excel "Unicode text": UTF-16 with a BOM, tab separated', utf16le(csv('\t'))],
    ['UTF-16 without a BOM', utf16le(csv(','), false)],
    ['UTF-16 big-endian', utf16be(csv(';'))],
    ["Excel's sep=; first line", Buffer.from(`sep=;\r\n${csv(';')}`)],
    ['a quoted "sep=," line, then commas', Buffer.from(`"sep=,"\n${csv(',')}`)],
    ['sep=<tab> in UTF-16', utf16le(`sep=\t\r\n${csv('\t')}`)],
    [
      'sep=; after a UTF-8 BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`SEP=;\r\n${csv(';')}`)]),
    ],
    [
      'sep=; naming the separator the first row uses least',
      Buffer.from(`sep=;\n${csv(';').replace('Nama', 'Nama, lengkap, gelar, dll.')}`),
    ],
    ['UTF-8 with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(','))])],
    ['every cell quoted', Buffer.from(csv(',', (c) => `"${c.replaceAll('"', '""')}"`))],
    ['Windows "ANSI" (Latin-1 names)', Buffer.from(csv(',').replace('B', 'Bé'), 'latin1')],
  ])('%s: the same counts', async (_name, file) => {
    const res = await upload(file);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Kanal counted the ages of 7 clients from the column “Tarikh lahir”');
    for (const [field, n] of [
      ['age_under20', '1'],
      ['age_20s', '2'],
      ['age_30s', '1'],
      ['age_40s', '1'],
      ['age_50s', '1'],
      ['age_60plus', '1'],
    ])
      expect(fieldValue(res.text, field!), field).toBe(n);
  });

  it('empty cells at the start of a row keep their place (pandas writes an unnamed index column)', async () => {
    const res = await upload(',Name,Age\n0,Ana,34\n1,Ben,71\n2,,\n');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Kanal counted the ages of 2 clients from the column “Age”');
    expect(fieldValue(res.text, 'age_30s')).toBe('1');
    expect(fieldValue(res.text, 'age_60plus')).toBe('1');
    const shifted = await upload('Name,,Birthday\nAna,x,1990-01-01\n,,1960-01-01\n');
    expect(shifted.status).toBe(200);
    expect(fieldValue(shifted.text, 'age_30s')).toBe('1');
    expect(fieldValue(shifted.text, 'age_60plus')).toBe('1');
  });

  it('a spreadsheet export with hundreds of columns: the age column is read wherever it is', async () => {
    const others = Array.from({ length: 300 }, (_, i) => `Field ${i + 1}`);
    const row = (age: string) => [...others.map(() => 'x'), age].join(',');
    const wide = await upload([[...others, 'Age'].join(','), row('34'), row('71')].join('\r\n'));
    expect(wide.status).toBe(200);
    expect(wide.text).toContain('Kanal counted the ages of 2 clients from the column “Age”');
    expect(fieldValue(wide.text, 'age_30s')).toBe('1');
    expect(fieldValue(wide.text, 'age_60plus')).toBe('1');
    // The last column of an Excel sheet (XFD, the 16,384th).
    const last = Array.from({ length: MAX_CELLS - 1 }, (_, i) => `c${i}`);
    const xfd = await upload(`${[...last, 'Birthday'].join(';')}\n${[...last, '1990-01-01'].join(';')}\n`);
    expect(xfd.status).toBe(200);
    expect(fieldValue(xfd.text, 'age_30s')).toBe('1');
  });

  it('an age column beyond the 16,384th: says how many columns Kanal reads', async () => {
    const names = Array.from({ length: MAX_CELLS }, (_, i) => `c${i}`);
    const beyond = await upload(`${[...names, 'Age'].join(',')}\n${[...names, '34'].join(',')}\n`);
    expect(beyond.status).toBe(400);
    expect(beyond.text).toContain(
      'The client list has more than 16,384 columns, and none of the first 16,384',
    );
    expect(beyond.text).toContain('href="#f-clientList"');
    // As many columns as are read, none of them an age: the message it always was.
    const within = await upload(`${names.join(',')}\n${names.join(',')}\n`);
    expect(within.status).toBe(400);
    expect(within.text).toContain('has no column Kanal can read');
  });

  it.each([
    ['a quoted cell that never closes', Buffer.from('Age\n"30\n41\n')],
    [
      'UTF-16 that is cut in half',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Age\n3', 'utf16le'), Buffer.from([0x00, 0xd8])]),
    ],
    ['a picture', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
  ])('%s: refused as not CSV, clearly', async (_name, file) => {
    const res = await upload(file);
    expect(res.status).toBe(400);
    expect(res.text).toContain('could not be read as CSV');
  });
});
