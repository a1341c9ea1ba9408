/**
 * Every word the command line prints, in every language (decision 031): the usage text and each
 * message, chosen by `--lang` or KANAL_LANG, with the same exit status as in English. A line the
 * CLI printed in English by accident fails here: the translated usage shares no line with the
 * English one but the literal ones (flags, the language list), and each message is compared with
 * the text its language's locale file gives.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliEnv, readInput, runCli, unexpectedFailure, usage, writeFailure } from '../../src/cli.js';
import { createI18n } from '../../src/i18n.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SALON = `${ROOT}examples/sg-hair-salon.json`;
const i18n = createI18n({ strict: true });
const LANGUAGES = i18n.languages;
const KNOWN = LANGUAGES.join(', ');

function run(args: readonly string[], stdin?: string, env: CliEnv = {}) {
  return runCli(args, (source) => (source === '-' && stdin !== undefined ? stdin : readInput(source)), env);
}

/** Columns a line takes in a terminal: CJK and full-width characters take two. */
function columns(line: string): number {
  let n = 0;
  for (const c of line)
    n += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(
      c,
    )
      ? 2
      : 1;
  return n;
}

/** The usage lines every language prints the same: the flags and the languages named in themselves. */
const LITERAL = /^ {2}--lang <code>$|^ {2}--help, -h$|^ {6}en English, |^$/;

describe.each(LANGUAGES)('the command line in %s', (code) => {
  const tr = i18n.translator(code);
  const english = usage(i18n.translator('en'));
  const help = usage(tr);

  it('prints its usage in it, by --lang or KANAL_LANG, exit 0', () => {
    for (const [args, env] of [
      [['--help', '--lang', code], {}],
      [[`--lang=${code}`, '-h'], {}],
      [['--help'], { KANAL_LANG: code }],
    ] as const) {
      expect(run(args, undefined, env), args.join(' ')).toEqual({ code: 0, stdout: help, stderr: '' });
    }
    expect(help).toContain(
      tr.t('cli.usage.synopsis', { synopsis: 'npm run --silent plan -- [--lang <code>] <answers.json | ->' }),
    );
    for (const key of ['cli.usage.lang', 'cli.usage.help', 'cli.usage.exit'])
      for (const line of tr.t(key).split('\n')) expect(help).toContain(line);
    if (code !== 'en') {
      const englishLines = new Set(english.split('\n').filter((l) => !LITERAL.test(l)));
      const shared = help.split('\n').filter((l) => englishLines.has(l));
      expect(shared).toEqual([]);
    }
  });

  it('keeps every usage line within 80 columns', () => {
    const long = help.split('\n').filter((l) => columns(l) > 80);
    expect(long).toEqual([]);
  });

  it('says what was misused, then the usage, on standard error with exit 2', () => {
    const oneFile = `${tr.t('cli.one_file')}\n\n${help}`;
    expect(run(['--lang', code])).toEqual({ code: 2, stdout: '', stderr: oneFile });
    expect(run(['a.json', 'b.json'], undefined, { KANAL_LANG: code })).toEqual({
      code: 2,
      stdout: '',
      stderr: oneFile,
    });
    expect(run(['--lang', code, '--verbose', SALON])).toEqual({
      code: 2,
      stdout: '',
      stderr: `${tr.t('cli.unknown_option', { option: '--verbose' })}\n\n${help}`,
    });
  });

  it('says why a file cannot be read, exit 2', () => {
    const cannot = (source: string, reason: string) => `${tr.t('cli.cannot_read', { source, reason })}\n`;
    expect(run(['--lang', code, 'no-such-file.json']).stderr).toBe(
      cannot('no-such-file.json', tr.t('cli.read.not_found')),
    );
    const folder = run(['--lang', code, `${ROOT}examples`]);
    expect(folder).toEqual({
      code: 2,
      stdout: '',
      stderr: cannot(`${ROOT}examples`, tr.t('cli.read.folder')),
    });
    const denied = runCli(['--lang', code, 'secret.json'], () => {
      throw Object.assign(new Error("EACCES: permission denied, open 'secret.json'"), { code: 'EACCES' });
    });
    expect(denied).toEqual({
      code: 2,
      stdout: '',
      stderr: cannot('secret.json', tr.t('cli.read.no_permission')),
    });
    const full = runCli(['--lang', code, '-'], () => {
      throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    });
    expect(full.stderr).toBe(cannot(tr.t('cli.standard_input'), tr.t('cli.system_error', { code: 'EIO' })));
  });

  it('says where the JSON goes wrong, exit 2', () => {
    const notJson = (problem: string) => ({
      code: 2,
      stdout: '',
      stderr: `${tr.t('cli.not_json', { problem })}\n`,
    });
    const env = { KANAL_LANG: code };
    expect(run(['-'], '', env)).toEqual(notJson(tr.t('cli.json.empty')));
    expect(run(['-'], '{"version": 1,', env)).toEqual(notJson(tr.t('cli.json.ends_early')));
    expect(run(['-'], '{\n  "version": 1,\n  business: {}\n}', env)).toEqual(
      notJson(tr.t('cli.json.unexpected', { character: 'b', line: '3', column: '3' })),
    );
    // The position comes from the text, not from V8's English message.
    expect(run(['-'], '{"version": 1}x', env)).toEqual(
      notJson(tr.t('cli.json.unexpected', { character: 'x', line: '1', column: '15' })),
    );
    if (code !== 'en') expect(run(['-'], '{', env).stderr).not.toBe(run(['-'], '{').stderr);
  });

  it('reads a file that starts with a byte order mark', () => {
    const text = `\uFEFF${readFileSync(SALON, 'utf8')}`;
    const r = run(['--lang', code, '-'], text);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).language).toBe(code);
  });

  it('names the fields of invalid answers in it (unknown, misspelled, the whole), exit 2', () => {
    const answers = JSON.parse(readFileSync(SALON, 'utf8'));
    const misspelled = run(
      ['--lang', code, '-'],
      JSON.stringify({ ...answers, broadcastAudiance: 300, colour: 'red' }),
    );
    expect(misspelled.code).toBe(2);
    expect(misspelled.stderr.trim().split('\n').sort()).toEqual(
      [
        `broadcastAudiance: ${tr.t('validation.unknown_field_nearest', { name: 'broadcastAudiance', nearest: 'broadcastAudience' })}`,
        `colour: ${tr.t('validation.unknown_field', { name: 'colour' })}`,
      ].sort(),
    );
    const whole = run(['--lang', code, '-'], '[]');
    expect(whole.code).toBe(2);
    expect(whole.stderr.startsWith(`${tr.t('cli.whole_answers')}: `)).toBe(true);
    if (code !== 'en') expect(whole.stderr).not.toBe(run(['-'], '[]').stderr);
  });

  it('refuses an unknown language in it (KANAL_LANG) naming the known codes; help still helps', () => {
    const refused = `${tr.t('cli.unknown_language', { code: 'fr', known: KNOWN })}\n`;
    expect(run(['--lang', 'fr', SALON], undefined, { KANAL_LANG: code })).toEqual({
      code: 2,
      stdout: '',
      stderr: refused,
    });
    expect(run(['--lang', 'fr'], undefined, { KANAL_LANG: code }).code).toBe(2);
    expect(run(['--help', '--lang', 'fr'], undefined, { KANAL_LANG: code })).toEqual({
      code: 0,
      stdout: help,
      stderr: refused,
    });
    expect(run(['--lang'], undefined, { KANAL_LANG: code })).toEqual({
      code: 2,
      stdout: '',
      stderr: `${tr.t('cli.language_missing', { known: KNOWN })}\n`,
    });
  });

  it("words main's own failures in it: output that cannot be written, an unexpected error", () => {
    const error = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(writeFailure(tr, error)).toBe(
      `${tr.t('cli.cannot_write', { reason: tr.t('cli.system_error', { code: 'ENOSPC' }) })}\n`,
    );
    const bug = new Error('boom');
    expect(unexpectedFailure(tr, bug)).toBe(`${tr.t('cli.unexpected')}\n${bug.stack}\n`);
  });
});

describe('exit status', () => {
  it.each(LANGUAGES)('%s: the same as in English for every kind of run', (code) => {
    const cases: [string[], string | undefined][] = [
      [[SALON], undefined],
      [['--help'], undefined],
      [[], undefined],
      [['--verbose', SALON], undefined],
      [['no-such-file.json'], undefined],
      [['-'], '{'],
      [['-'], '{"business": {}}'],
      [['--lang', 'xx', SALON], undefined],
    ];
    for (const [args, stdin] of cases) {
      const english = run(args, stdin);
      const mine = run(args, stdin, { KANAL_LANG: code });
      expect(mine.code, args.join(' ')).toBe(english.code);
      expect(Boolean(mine.stdout), args.join(' ')).toBe(Boolean(english.stdout));
      expect(Boolean(mine.stderr), args.join(' ')).toBe(Boolean(english.stderr));
    }
    expect(cases.map(([args, stdin]) => run(args, stdin, { KANAL_LANG: code }).code)).toEqual([
      0, 0, 2, 2, 2, 2, 2, 2,
    ]);
  });
});
