/**
 * The command line reads its input's bytes: UTF-8 (with or without a byte order mark), UTF-16
 * with a byte order mark (Windows PowerShell 5's `>`) or by RFC 4627's zero bytes; anything that
 * is not valid UTF-8 (Latin-1, Windows-1252) is refused, exit 2, never read with U+FFFD in it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readInput, runCli } from '../../src/cli.js';
import { run } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kanal-cli-encoding-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const answersText = (name: string) =>
  `{"version":1,"business":{"name":"${name}","country":"SG","sector":"food"},"customers":{"ageMix":{"under20":0,"20s":50,"30s":50,"40s":0,"50s":0,"60plus":0}},"team":"solo"}`;

let n = 0;
function file(bytes: Buffer): string {
  const name = path.join(dir, `answers-${n++}.json`);
  writeFileSync(name, bytes);
  return name;
}

const bom16le = Buffer.from([0xff, 0xfe]);
const bom16be = Buffer.from([0xfe, 0xff]);
const be = (s: string) => Buffer.from(s, 'utf16le').swap16();

describe('the encoding of the answers file', () => {
  it('refuses a Latin-1 file, naming the field, exit 2', () => {
    const r = run([file(Buffer.from(answersText('Café Rosé'), 'latin1'))]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^business\.name: Business name holds bytes that are not valid UTF-8 .*\n$/);
  });

  it('refuses Latin-1 that is not JSON either, saying to save it as UTF-8', () => {
    const name = file(Buffer.from('{"a": caf\xE9}', 'latin1'));
    const r = run([name]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${name} is not valid UTF-8 text (it may have been saved as Latin-1 or Windows-1252): save it as UTF-8 and try again.\n`,
    );
    const stdin = runCli(['--lang', 'ms', '-'], () => Buffer.from('caf\xE9', 'latin1'));
    expect(stdin.stderr).toMatch(/^input standard bukan teks UTF-8 yang sah/);
  });

  it('reads UTF-8 with and without a byte order mark, and UTF-16 (LE, BE; BOM or none)', () => {
    const text = answersText('Café Rosé');
    const expected = run([file(Buffer.from(text, 'utf8'))]);
    expect(expected.code).toBe(0);
    for (const bytes of [
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      Buffer.concat([bom16le, Buffer.from(text, 'utf16le')]),
      Buffer.from(text, 'utf16le'),
      Buffer.concat([bom16be, be(text)]),
      be(text),
    ]) {
      const r = run([file(bytes)]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(expected.stdout);
    }
  });

  it('still takes text from a reader that gives it', () => {
    const r = runCli(['-'], () => `\uFEFF${answersText('Café')}`);
    expect(r.code).toBe(0);
    expect(readInput).toBeTypeOf('function');
  });
});

describe('"--" ends the options', () => {
  it('reads the file after it, even one named like an option', () => {
    const name = file(Buffer.from(answersText('Café'), 'utf8'));
    expect(run(['--', name]).code).toBe(0);
    expect(run(['--lang', 'id', '--', name]).code).toBe(0);
    const r = run(['--', '--help']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Cannot read --help: there is no such file\./);
    expect(run(['--', name, name]).stderr).toMatch(/^Give one answers file/);
  });
});

describe('the clock of a run', () => {
  it('refuses a poll day in the future, as of the time it is given', () => {
    const answers = (on: string) =>
      answersText('Café').replace(
        '"60plus":0}',
        `"60plus":0},"poll":{"responses":30,"counts":{"whatsapp":"most","telegram":"fewer","email":"fewer"},"on":"${on}"}`,
      );
    const at = () => new Date('2026-03-02T12:00:00Z');
    expect(runCli(['-'], () => answers('2026-03-03'), {}, at).code).toBe(0);
    const r = runCli(['-'], () => answers('2026-03-10'), {}, at);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^customers\.poll\.on: .* is in the future/);
  });
});
