/** What the command-line tests share: runCli with the real file reader, and their inputs. */
import { fileURLToPath } from 'node:url';
import { type CliEnv, readInput, runCli } from '../../src/cli.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SALON = `${ROOT}examples/sg-hair-salon.json`;
export const INVALID = JSON.stringify({ business: { country: 'XX', sector: 'food' }, team: 'solo' });

/** runCli with the real file reader; standard input is `stdin` when given. */
export function run(args: string[], stdin?: string, env: CliEnv = {}) {
  return runCli(args, (source) => (source === '-' && stdin !== undefined ? stdin : readInput(source)), env);
}
