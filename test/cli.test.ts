/** The command line, run as a real process: file, standard input, invalid answers, bad JSON. */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { PlanSchema } from '../src/domain/plan-schema.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run plan', { timeout: 60_000 }, () => {
  it('prints the Plan for an answers file as JSON, exit 0', () => {
    const r = run(['examples/sg-hair-salon.json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const plan = PlanSchema.parse(JSON.parse(r.stdout));
    expect(plan.channels.whatsapp_business.verdict).toBe('keep');
  });

  it('reads standard input with "-", giving the same plan', () => {
    const file = run(['examples/my-family-restaurant.json']);
    const stdin = run(['-'], readFileSync(`${ROOT}examples/my-family-restaurant.json`, 'utf8'));
    expect(stdin.code).toBe(0);
    expect(stdin.stdout).toBe(file.stdout);
  });

  it('rejects invalid answers with exit 2 and one "path: message" line per error', () => {
    const r = run(['-'], JSON.stringify({ business: { country: 'XX', sector: 'food' }, team: 'solo' }));
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
    expect(r.stderr).toMatch(/^Not valid JSON/);
  });

  it('reports an unreadable file with exit 2', () => {
    const r = run(['no-such-file.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Cannot read no-such-file\.json/);
  });

  it('refuses misspelled and misplaced fields with exit 2, naming them and the nearest real field', () => {
    // In process (runCli is what main runs): the same output without another process start.
    const answers = JSON.parse(readFileSync(`${ROOT}examples/sg-hair-salon.json`, 'utf8'));
    const { broadcastAudience, ...rest } = answers;
    const input = JSON.stringify({
      ...rest,
      broadcastAudiance: broadcastAudience ?? 300,
      knownChannelUse: {},
    });
    const r = runCli(['-'], () => input);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n').sort()).toEqual([
      'broadcastAudiance: “broadcastAudiance” is not a field Kanal knows: did you mean broadcastAudience?',
      'knownChannelUse: “knownChannelUse” is not a field Kanal knows: did you mean customers.knownChannelUse?',
    ]);
  });

  it('exits quietly (status 0, nothing on standard error) when its reader closes (| head -c1)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'examples/sg-hair-salon.json'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader goes away before the plan is written: every write then fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('prints usage with --help', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run --silent plan/);
  });
});
