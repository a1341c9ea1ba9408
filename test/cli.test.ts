/**
 * The command line: runCli in process (what main runs: file, standard input, invalid answers,
 * bad JSON, --lang and KANAL_LANG, usage). The real process, where the process itself is what
 * is tested (its exit status and output, a reader that closes early), is test/cli-process.test.ts
 * (test:soak: it starts Node and tsx three times).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, usage } from '../src/cli.js';
import { PlanSchema } from '../src/domain/plan-schema.js';
import { createI18n } from '../src/i18n.js';
import { INVALID, ROOT, run, SALON } from './helpers/cli.js';

const i18n = createI18n({ strict: true });

/** Every text in a rendered plan (the strings under "text" keys). */
function texts(json: string): string[] {
  const out: string[] = [];
  JSON.parse(json, (key, value) => {
    if (key === 'text' && typeof value === 'string') out.push(value);
    return value;
  });
  return out;
}

describe('npm run plan', () => {
  it('prints the Plan for an answers file as JSON, exit 0', () => {
    const r = run([SALON]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const plan = PlanSchema.parse(JSON.parse(r.stdout));
    expect(plan.channels.whatsapp_business.verdict).toBe('keep');
    expect(JSON.parse(r.stdout).language).toBe('en');
  });

  it('reads standard input with "-", giving the same plan', () => {
    const file = run([`${ROOT}examples/my-family-restaurant.json`]);
    const stdin = run(['-'], readFileSync(`${ROOT}examples/my-family-restaurant.json`, 'utf8'));
    expect(stdin.code).toBe(0);
    expect(stdin.stdout).toBe(file.stdout);
  });

  it('rejects invalid answers with exit 2 and one "path: message" line per error', () => {
    const r = run(['-'], INVALID);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'business.country: Country must be a two-letter country code (ISO 3166-1), such as SG, ID or MY.',
      'customers: Information about your customers is missing: enter it.',
    ]);
  });

  it('rejects bad JSON with exit 2', () => {
    const r = run(['-'], '{"version": 1,');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Not valid JSON: the text ends before the JSON is complete.\n');
  });

  it('reports an unreadable file with exit 2', () => {
    const r = run(['no-such-file.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Cannot read no-such-file.json: there is no such file.\n');
  });

  it('refuses misspelled and misplaced fields with exit 2, naming them and the nearest real field', () => {
    const answers = JSON.parse(readFileSync(SALON, 'utf8'));
    const { broadcastAudience, ...rest } = answers;
    const input = JSON.stringify({
      ...rest,
      broadcastAudiance: broadcastAudience ?? 300,
      knownChannelUse: {},
    });
    const r = run(['-'], input);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').sort()).toEqual([
      'broadcastAudiance: “broadcastAudiance” is not a field Kanal knows: did you mean broadcastAudience?',
      'knownChannelUse: “knownChannelUse” is not a field Kanal knows: did you mean customers.knownChannelUse?',
    ]);
  });

  it('prints usage with --help (documenting --lang), and to standard error with exit 2 when misused', () => {
    const help = run(['--help']);
    expect(help).toEqual({ code: 0, stdout: usage(i18n.translator('en')), stderr: '' });
    expect(help.stdout).toMatch(/^Usage: npm run --silent plan -- \[--lang <code>\]/);
    expect(help.stdout).toMatch(
      /\n {2}--lang <code>\n[\s\S]*en English, id Bahasa Indonesia, ms Bahasa Melayu, zh /,
    );
    expect(help.stdout).toContain('KANAL_LANG');
    const oneFile = 'Give one answers file, or “-” to read standard input.\n\n';
    for (const [args, problem] of [
      [[], oneFile],
      [['a.json', 'b.json'], oneFile],
      [['--verbose', SALON], 'Unknown option “--verbose”.\n\n'],
    ] as const) {
      expect(run([...args]), JSON.stringify(args)).toEqual({
        code: 2,
        stdout: '',
        stderr: problem + help.stdout,
      });
    }
  });
});

describe('--lang', () => {
  const english = texts(run([SALON]).stdout);

  it.each(['id', 'ms', 'zh'])('%s: the plan texts in that language', (code) => {
    for (const args of [
      ['--lang', code, SALON],
      [SALON, '--lang', code],
      [`--lang=${code}`, SALON],
      [`--lang=${code.toUpperCase()}`, SALON],
    ]) {
      const r = run(args);
      expect(r.code, args.join(' ')).toBe(0);
      const plan = JSON.parse(r.stdout);
      expect(plan.language).toBe(code);
      PlanSchema.parse(plan);
      const translated = texts(r.stdout);
      expect(translated.length).toBe(english.length);
      // Every text differs from the English one (the texts quote source titles, not whole).
      for (const [i, text] of translated.entries()) expect(text, `text ${i}`).not.toBe(english[i]);
    }
  });

  it('takes KANAL_LANG when --lang is not given, and --lang over it', () => {
    expect(JSON.parse(run([SALON], undefined, { KANAL_LANG: 'ms' }).stdout).language).toBe('ms');
    expect(JSON.parse(run(['--lang', 'zh', SALON], undefined, { KANAL_LANG: 'ms' }).stdout).language).toBe(
      'zh',
    );
    expect(JSON.parse(run([SALON], undefined, { KANAL_LANG: '' }).stdout).language).toBe('en');
  });

  it.each(['id', 'ms', 'zh', 'en'])('%s: the error messages in that language', (code) => {
    const tr = i18n.translator(code);
    const invalid = run(['--lang', code, '-'], INVALID);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(
      `customers: ${tr.t('validation.required', { field: tr.t('fields.customers') })}`,
    );
    const badJson = run(['--lang', code, '-'], '{');
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toBe(`${tr.t('cli.not_json', { problem: tr.t('cli.json.ends_early') })}\n`);
    const unreadable = run(['--lang', code, 'no-such-file.json']);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toBe(
      `${tr.t('cli.cannot_read', { source: 'no-such-file.json', reason: tr.t('cli.read.not_found') })}\n`,
    );
    const stdin = runCli(['--lang', code, '-'], () => {
      throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, read'), { code: 'EAGAIN' });
    });
    expect(stdin.stderr).toBe(
      `${tr.t('cli.cannot_read', {
        source: tr.t('cli.standard_input'),
        reason: tr.t('cli.system_error', { code: 'EAGAIN' }),
      })}\n`,
    );
  });

  it('refuses an unknown code with exit 2, naming the known ones (in KANAL_LANG if that is known)', () => {
    const r = run(['--lang', 'fr', SALON]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'Unknown language “fr”: use one of en, id, ms, zh.\n' });
    const inChinese = run(['--lang', 'fr', SALON], undefined, { KANAL_LANG: 'zh' });
    expect(inChinese.stderr).toBe(
      `${i18n.translator('zh').t('cli.unknown_language', { code: 'fr', known: 'en, id, ms, zh' })}\n`,
    );
    const fromEnv = run([SALON], undefined, { KANAL_LANG: 'zh-TW' });
    expect(fromEnv).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Unknown language “zh-TW”: use one of en, id, ms, zh.\n',
    });
    for (const args of [['--lang'], [SALON, '--lang'], ['--lang=', SALON], ['--lang', '-']]) {
      const missing = run(args);
      expect(missing.code, args.join(' ')).toBe(2);
      expect(missing.stderr).toBe('--lang needs a language code: one of en, id, ms, zh.\n');
    }
  });
});
