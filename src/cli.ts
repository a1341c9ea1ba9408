/**
 * The command line over the engine:
 *
 *   npm run --silent plan -- [--lang <code>] answers.json     (or "-" to read standard input)
 *
 * Prints the Plan as JSON on standard output (exit 0), its texts in the language asked for
 * (`--lang`, else the KANAL_LANG environment variable, else English). Invalid JSON or invalid
 * Answers print one line per error, "path: message", on standard error, in that language, and
 * exit 2; an unreadable file or an unknown language exits 2 too (it is bad input, not a crash).
 * Anything unexpected exits 1.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAdoptionData } from './adoption-data.js';
import { validateAnswers } from './domain/answers.js';
import { plan, renderPlan } from './domain/plan.js';
import { createI18n, DEFAULT_LANGUAGE, type Translator } from './i18n.js';

export const USAGE = `Usage: npm run --silent plan -- [--lang <code>] <answers.json | ->

Reads Answers (JSON, see docs/engine.md) from the file, or from standard input with "-",
and prints the Plan as JSON.

  --lang <code>   the language of the plan's texts and of the error messages: en (English,
                  the default), id (Bahasa Indonesia), ms (Bahasa Melayu) or zh (Simplified
                  Chinese). Without it, the KANAL_LANG environment variable, if set.

Exit status: 0 plan printed; 2 unreadable file, invalid JSON, invalid answers or an unknown
language (errors on standard error, one "path: message" line each); 1 anything else.
`;

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

type Args =
  | { readonly kind: 'help' }
  | { readonly kind: 'usage' }
  | { readonly kind: 'run'; readonly source: string; readonly lang?: string; readonly langMissing: boolean };

/** `--lang xx` or `--lang=xx` anywhere, `--help`/`-h`, and exactly one file (or "-"). */
function parseArgs(args: readonly string[]): Args {
  if (args.includes('--help') || args.includes('-h')) return { kind: 'help' };
  const files: string[] = [];
  let lang: string | undefined;
  let langMissing = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
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
      return { kind: 'usage' };
    } else {
      files.push(arg);
    }
  }
  if (langMissing) return { kind: 'run', source: files[0] ?? '-', langMissing };
  if (files.length !== 1) return { kind: 'usage' };
  return { kind: 'run', source: files[0]!, langMissing, ...(lang === undefined ? {} : { lang }) };
}

/**
 * The translator for `--lang`, else KANAL_LANG, else English; or the message refusing the code
 * asked for (in the language of KANAL_LANG when that one is known, else English).
 */
function chooseLanguage(
  i18n: I18n,
  args: Extract<Args, { kind: 'run' }>,
  env: CliEnv,
): { translator: Translator } | { error: string } {
  const served = (code: string | undefined) =>
    code === undefined ? undefined : i18n.languages.find((l) => l === code.trim().toLowerCase());
  const fromEnv = env.KANAL_LANG === undefined || env.KANAL_LANG === '' ? undefined : env.KANAL_LANG;
  const known = i18n.languages.join(', ');
  const fallback = i18n.translator(served(fromEnv) ?? DEFAULT_LANGUAGE);
  if (args.langMissing) return { error: fallback.t('cli.language_missing', { known }) };
  const asked = args.lang ?? fromEnv;
  if (asked === undefined) return { translator: i18n.translator(DEFAULT_LANGUAGE) };
  const language = served(asked);
  if (language === undefined) return { error: fallback.t('cli.unknown_language', { code: asked, known }) };
  return { translator: i18n.translator(language) };
}

/**
 * Runs the command on arguments, an input reader and the environment; returns what to print
 * (testable in process, without I/O).
 */
export function runCli(
  args: readonly string[],
  readInput: (source: string) => string,
  env: CliEnv = {},
): CliResult {
  const parsed = parseArgs(args);
  if (parsed.kind === 'help') return { code: 0, stdout: USAGE, stderr: '' };
  if (parsed.kind === 'usage') return { code: 2, stdout: '', stderr: USAGE };
  const chosen = chooseLanguage(i18nOnce(), parsed, env);
  if ('error' in chosen) return { code: 2, stdout: '', stderr: `${chosen.error}\n` };
  const { translator } = chosen;
  const { source } = parsed;
  let text: string;
  try {
    text = readInput(source);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const name = source === '-' ? translator.t('cli.standard_input') : source;
    return { code: 2, stdout: '', stderr: `${translator.t('cli.cannot_read', { source: name, reason })}\n` };
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { code: 2, stdout: '', stderr: `${translator.t('cli.not_json', { reason })}\n` };
  }
  const answers = validateAnswers(input);
  if (!answers.ok) {
    const lines = answers.errors.map((e) => `${e.path || '(answers)'}: ${translator.render(e.message)}`);
    return { code: 2, stdout: '', stderr: `${lines.join('\n')}\n` };
  }
  const result = renderPlan(plan(answers.value, loadAdoptionData()), translator.render, translator.language);
  return { code: 0, stdout: `${JSON.stringify(result, null, 2)}\n`, stderr: '' };
}

/** The real reader: the file, or standard input for "-". */
export function readInput(source: string): string {
  return readFileSync(source === '-' ? 0 : source, 'utf8');
}

/**
 * A reader that closes early (`| head -c1`) is not an error: stop quietly, status 0, as Unix
 * tools do. Any other failure to write is reported once and exits 1.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`Cannot write output: ${error.message}\n`);
    process.exit(1);
  });
}

function main(): void {
  quietOnClosedPipe(process.stdout);
  try {
    const result = runCli(process.argv.slice(2), readInput, process.env);
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) process.stderr.write(result.stderr);
    process.exitCode = result.code;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
