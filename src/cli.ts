/**
 * The command line over the engine:
 *
 *   npm run --silent plan -- answers.json     (or "-" to read standard input)
 *
 * Prints the Plan as JSON on standard output (exit 0). Invalid JSON or invalid Answers print one
 * line per error, "path: message", on standard error and exit 2; an unreadable file exits 2 too
 * (it is bad input, not a crash). Anything unexpected exits 1.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadAdoptionData } from './adoption-data.js';
import { validateAnswers } from './domain/answers.js';
import { plan, renderPlan } from './domain/plan.js';
import { createI18n } from './i18n.js';

export const USAGE = `Usage: npm run --silent plan -- <answers.json | ->

Reads Answers (JSON, see docs/engine.md) from the file, or from standard input with "-",
and prints the Plan as JSON.

Exit status: 0 plan printed; 2 unreadable file, invalid JSON or invalid answers (errors on
standard error, one "path: message" line each); 1 anything else.
`;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command on arguments and an input reader; returns what to print (testable without I/O). */
export function runCli(args: readonly string[], readInput: (source: string) => string): CliResult {
  if (args.includes('--help') || args.includes('-h')) return { code: 0, stdout: USAGE, stderr: '' };
  if (args.length !== 1) return { code: 2, stdout: '', stderr: USAGE };
  const source = args[0]!;
  const translator = createI18n().translator('en');
  let text: string;
  try {
    text = readInput(source);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      code: 2,
      stdout: '',
      stderr: `Cannot read ${source === '-' ? 'standard input' : source}: ${reason}\n`,
    };
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { code: 2, stdout: '', stderr: `Not valid JSON: ${reason}\n` };
  }
  const answers = validateAnswers(input);
  if (!answers.ok) {
    const lines = answers.errors.map((e) => `${e.path || '(answers)'}: ${translator.render(e.message)}`);
    return { code: 2, stdout: '', stderr: `${lines.join('\n')}\n` };
  }
  const result = renderPlan(plan(answers.value, loadAdoptionData()), translator.render, translator.language);
  return { code: 0, stdout: `${JSON.stringify(result, null, 2)}\n`, stderr: '' };
}

function readInput(source: string): string {
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
    const result = runCli(process.argv.slice(2), readInput);
    if (result.stdout) process.stdout.write(result.stdout);
    if (result.stderr) process.stderr.write(result.stderr);
    process.exitCode = result.code;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
