/**
 * The command line as a real process (`node --import tsx src/cli.ts`), where the process itself
 * is what is tested: its exit status and output in the language of KANAL_LANG, and a reader
 * that closes early. In test:soak (it starts Node and tsx three times); the in-process tests
 * of the same code are test/cli.test.ts.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { usage } from '../src/cli.js';
import { createI18n } from '../src/i18n.js';
import { INVALID, ROOT, run, SALON } from './helpers/cli.js';

const i18n = createI18n({ strict: true });

/** The real process: `node --import tsx src/cli.ts`. */
function spawnCli(
  args: string[],
  options: { stdin?: string; env?: Record<string, string>; closeStdout?: boolean },
) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, KANAL_LANG: '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  if (options.closeStdout) child.stdout.destroy();
  else child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdin.end(options.stdin ?? '');
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

// Concurrent: the two processes start together (most of their time is starting Node and tsx).
describe.concurrent('the real process', { timeout: 60_000 }, () => {
  it('exits 2 with the errors on standard error, in the language of its KANAL_LANG', async () => {
    const r = await spawnCli(['-'], { stdin: INVALID, env: { KANAL_LANG: 'ms' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(run(['-'], INVALID, { KANAL_LANG: 'ms' }).stderr);
    expect(r.stderr).not.toBe(run(['-'], INVALID).stderr);
  });

  it('prints its usage in the language of its KANAL_LANG with --help, status 0', async () => {
    const r = await spawnCli(['--help'], { env: { KANAL_LANG: 'zh' } });
    expect(r).toEqual({ code: 0, stdout: usage(i18n.translator('zh')), stderr: '' });
  });

  it('exits quietly (status 0, nothing on standard error) when its reader closes (| head -c1)', async () => {
    // The reader goes away before the plan is written: every write then fails with EPIPE.
    const r = await spawnCli([SALON], { closeStdout: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
