/**
 * The command line over the engine:
 *
 *   npm run --silent plan -- [--lang <code>] answers.json     (or "-" to read standard input)
 *
 * Prints the Plan as JSON on standard output (exit 0), its texts in the language asked for
 * (`--lang`, else the KANAL_LANG environment variable, else English). Everything else it prints
 * is in that language too (decision 031): the usage text, and the errors. Invalid JSON (where,
 * in words: cli-json.ts) or invalid Answers print one line per error, "path: message", on
 * standard error, and exit 2; an unreadable file, a misuse (with the usage text) or an unknown
 * language exits 2 too (it is bad input, not a crash). Anything unexpected exits 1. Flags, field
 * paths, file names and system error codes (ENOSPC) are printed as they are.
 */
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAdoptionData } from './adoption-data.js';
import { jsonProblem } from './cli-json.js';
import { notUtf8Error, replacementCharPath, validateAnswers } from './domain/answers.js';
import { plan, renderPlan } from './domain/plan.js';
import { createI18n, DEFAULT_LANGUAGE, LANGUAGE_INFO, type Translator } from './i18n.js';
import { utf16Encoding } from './text-encoding.js';

/** The synopsis, the same in every language (a command, its flags and arguments are literal). */
const SYNOPSIS = 'npm run --silent plan -- [--lang <code>] <answers.json | ->';

/**
 * The usage text in a language (decision 031): its words from locales/<lang>/cli.json, the
 * command, flags, variable and file names literal. Each language's lines are broken by hand in
 * its file (test/cli/usage.test.ts holds them to 80 columns).
 */
export function usage(tr: Translator, served: readonly string[] = Object.keys(LANGUAGE_INFO)): string {
  const indent = (text: string, by: string) =>
    text
      .split('\n')
      .map((line) => by + line)
      .join('\n');
  const languages = served.map((code) => `${code} ${LANGUAGE_INFO[code]?.name ?? code}`).join(', ');
  return `${[
    tr.t('cli.usage.synopsis', { synopsis: SYNOPSIS }),
    tr.t('cli.usage.what', { docs: 'docs/engine.md' }),
    [
      '  --lang <code>',
      indent(tr.t('cli.usage.lang'), '      '),
      `      ${languages}`,
      indent(tr.t('cli.usage.lang_default', { flag: '--lang', env: 'KANAL_LANG' }), '      '),
      '  --help, -h',
      indent(tr.t('cli.usage.help'), '      '),
    ].join('\n'),
    tr.t('cli.usage.exit'),
  ].join('\n\n')}\n`;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** What the command reads besides its arguments (main passes process.env). */
export interface CliEnv {
  readonly KANAL_LANG?: string | undefined;
}

type I18n = ReturnType<typeof createI18n>;
let shared: I18n | undefined;
/** Made on first use, once per process (the locale files are read once). */
const i18nOnce = () => {
  shared ??= createI18n();
  return shared;
};

interface Args {
  /** help: --help or -h; usage: misused (the problem's key and params); run: one file or "-". */
  readonly kind: 'help' | 'usage' | 'run';
  readonly problem?: { readonly key: string; readonly params?: Record<string, string> };
  readonly source: string;
  readonly lang?: string;
  readonly langMissing: boolean;
}

/**
 * `--lang xx` or `--lang=xx` anywhere, `--help`/`-h`, and exactly one file (or "-"); after
 * `--`, only files.
 */
function parseArgs(args: readonly string[]): Args {
  const files: string[] = [];
  let lang: string | undefined;
  let langMissing = false;
  let unknown: string | undefined;
  let optionsEnd = args.length;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      // The end of options (POSIX): what follows is files, even "-x" or "--help".
      optionsEnd = i;
      files.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--lang') {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('-')) langMissing = true;
      else {
        lang = next;
        i++;
      }
    } else if (arg.startsWith('--lang=')) {
      lang = arg.slice('--lang='.length);
      if (lang === '') langMissing = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      unknown ??= arg;
    } else {
      files.push(arg);
    }
  }
  const common = { source: files[0] ?? '-', langMissing, ...(lang === undefined ? {} : { lang }) };
  const options = args.slice(0, optionsEnd);
  if (options.includes('--help') || options.includes('-h')) return { kind: 'help', ...common };
  if (unknown !== undefined)
    return { kind: 'usage', problem: { key: 'cli.unknown_option', params: { option: unknown } }, ...common };
  if (files.length !== 1) return { kind: 'usage', problem: { key: 'cli.one_file' }, ...common };
  return { kind: 'run', ...common };
}

/**
 * The translator for `--lang`, else KANAL_LANG, else English; or the message refusing the code
 * asked for (in the language of KANAL_LANG when that one is known, else English), with that
 * language's translator for whatever else is printed.
 */
function chooseLanguage(
  i18n: I18n,
  args: Args,
  env: CliEnv,
): { readonly translator: Translator; readonly error?: string } {
  const fromEnv = env.KANAL_LANG === undefined || env.KANAL_LANG === '' ? undefined : env.KANAL_LANG;
  const known = i18n.languages.join(', ');
  const fallback = i18n.operatorTranslator(env);
  if (args.langMissing) return { translator: fallback, error: fallback.t('cli.language_missing', { known }) };
  const asked = args.lang ?? fromEnv;
  if (asked === undefined) return { translator: i18n.translator(DEFAULT_LANGUAGE) };
  const language = i18n.languageNamed(asked);
  if (language === undefined)
    return { translator: fallback, error: fallback.t('cli.unknown_language', { code: asked, known }) };
  return { translator: i18n.translator(language) };
}

/** The translator for what a run prints (the language it chose, or its fallback). */
export function cliTranslator(args: readonly string[], env: CliEnv = {}): Translator {
  return chooseLanguage(i18nOnce(), parseArgs(args), env).translator;
}

/** Why a file or standard input could not be read, from the system's error code. */
function readProblem(tr: Translator, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return tr.t('cli.read.not_found');
  if (code === 'EACCES' || code === 'EPERM') return tr.t('cli.read.no_permission');
  if (code === 'EISDIR') return tr.t('cli.read.folder');
  return systemError(tr, error);
}

/** A system error the CLI has no words for: its code (ENOSPC, EAGAIN...), the words around it. */
function systemError(tr: Translator, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const named = code ?? (error instanceof Error ? error.message : String(error));
  return tr.t('cli.system_error', { code: named });
}

/** What is wrong with a text that JSON.parse refused, in words (cli-json.ts finds where). */
function notJson(tr: Translator, text: string): string {
  const problem = jsonProblem(text);
  const words =
    problem === undefined
      ? tr.t('cli.json.other')
      : problem.kind === 'unexpected'
        ? tr.t('cli.json.unexpected', {
            character: problem.character,
            line: tr.formatNumber(problem.line),
            column: tr.formatNumber(problem.column),
          })
        : tr.t(`cli.json.${problem.kind}`);
  return tr.t('cli.not_json', { problem: words });
}

/**
 * Runs the command on arguments, an input reader, the environment and the clock (a poll's day
 * cannot be in the future); returns what to print (testable in process, without I/O).
 */
export function runCli(
  args: readonly string[],
  readInput: (source: string) => string | Uint8Array,
  env: CliEnv = {},
  now: () => Date = () => new Date(),
): CliResult {
  const i18n = i18nOnce();
  const parsed = parseArgs(args);
  const { translator: tr, error } = chooseLanguage(i18n, parsed, env);
  const refused = error === undefined ? '' : `${error}\n`;
  // Help is help in any case: in the fallback language, the refusal beside it.
  if (parsed.kind === 'help') return { code: 0, stdout: usage(tr, i18n.languages), stderr: refused };
  if (error !== undefined) return { code: 2, stdout: '', stderr: refused };
  if (parsed.kind === 'usage') {
    const problem =
      parsed.problem === undefined ? '' : `${tr.t(parsed.problem.key, parsed.problem.params)}\n\n`;
    return { code: 2, stdout: '', stderr: problem + usage(tr, i18n.languages) };
  }
  const { source } = parsed;
  const name = source === '-' ? tr.t('cli.standard_input') : source;
  let read: string | Uint8Array;
  try {
    read = readInput(source);
  } catch (error) {
    return {
      code: 2,
      stdout: '',
      stderr: `${tr.t('cli.cannot_read', { source: name, reason: readProblem(tr, error) })}\n`,
    };
  }
  let text = typeof read === 'string' ? read : decodeInput(read);
  if (text === undefined)
    return { code: 2, stdout: '', stderr: `${notUtf8(tr, read as Uint8Array, name)}\n` };
  // A byte order mark (Windows editors write one) is not part of the JSON.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return { code: 2, stdout: '', stderr: `${notJson(tr, text)}\n` };
  }
  const answers = validateAnswers(input, { now: now() });
  if (!answers.ok) {
    const whole = tr.t('cli.whole_answers');
    const lines = answers.errors.map((e) => `${e.path || whole}: ${tr.render(e.message)}`);
    return { code: 2, stdout: '', stderr: `${lines.join('\n')}\n` };
  }
  const result = renderPlan(plan(answers.value, loadAdoptionData()), tr.render, tr.language);
  return { code: 0, stdout: `${JSON.stringify(result, null, 2)}\n`, stderr: '' };
}

/** The real reader: the file's bytes, or standard input's for "-" (decodeInput reads them). */
export function readInput(source: string): Uint8Array {
  return readFileSync(source === '-' ? 0 : source);
}

/**
 * The text of the input's bytes: UTF-16 when it is (utf16Encoding: a byte order mark, as Windows
 * PowerShell 5's `>` writes, or its zero bytes), else UTF-8; undefined when it is not valid UTF-8
 * (a Latin-1 or Windows-1252 file), which would otherwise be read with its bad bytes turned into
 * U+FFFD.
 */
export function decodeInput(bytes: Uint8Array): string | undefined {
  const utf16 = utf16Encoding(bytes);
  if (utf16 !== undefined) return new TextDecoder(utf16).decode(bytes);
  return isUtf8(bytes) ? new TextDecoder().decode(bytes) : undefined;
}

/** What is wrong with input that is not UTF-8: the field where it is, when it is JSON. */
function notUtf8(tr: Translator, bytes: Uint8Array, name: string): string {
  let path: string | undefined;
  try {
    path = replacementCharPath(JSON.parse(new TextDecoder().decode(bytes)));
  } catch {
    path = undefined;
  }
  if (path === undefined) return tr.t('cli.not_utf8', { source: name });
  return `${path || tr.t('cli.whole_answers')}: ${tr.render(notUtf8Error(path).message)}`;
}

/**
 * A reader that closes early (`| head -c1`) is not an error: stop quietly, status 0, as Unix
 * tools do. Any other failure to write is reported once and exits 1.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream, tr: () => Translator | undefined): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(writeFailure(tr(), error));
    process.exit(1);
  });
}

/** The line for output that could not be written (the code alone without a translator). */
export function writeFailure(tr: Translator | undefined, error: NodeJS.ErrnoException): string {
  if (tr === undefined) return `${error.code ?? error.message}\n`;
  return `${tr.t('cli.cannot_write', { reason: systemError(tr, error) })}\n`;
}

/**
 * What an unexpected error prints: a line saying it is a bug, then the stack (for the report;
 * without a translator, when the locale files themselves could not be read, the stack alone).
 */
export function unexpectedFailure(tr: Translator | undefined, error: unknown): string {
  const details = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `${tr === undefined ? '' : `${tr.t('cli.unexpected')}\n`}${details}\n`;
}

function main(): void {
  const args = process.argv.slice(2);
  // The language of main's own messages; undefined only if the locale files cannot be read.
  let tr: Translator | undefined;
  quietOnClosedPipe(process.stdout, () => tr);
  try {
    tr = cliTranslator(args, process.env);
    const result = runCli(args, readInput, process.env);
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) process.stderr.write(result.stderr);
    process.exitCode = result.code;
  } catch (error) {
    process.stderr.write(unexpectedFailure(tr, error));
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
