/**
 * A small cluster on loopback for test/multi: three Kanal servers (the real `src/server.ts`) on
 * one PostgreSQL database, behind Debian's nginx run as a non-daemon child with a generated
 * config in a temporary folder. Ports 4510 (nginx) and 4511-4513 (the instances).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnServer } from '../helpers/spawn.js';

export const PROXY_PORT = 4510;
export const INSTANCE_PORTS = [4511, 4512, 4513] as const;

export function nginxBinary(): string {
  for (const p of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']) if (existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('nginx is not installed (apt-get install nginx-light; .ci/run does it)');
  }
}

/**
 * The proxy configuration, as docs/operations.md shows it: round robin over the instances,
 * X-Forwarded-For overwritten with the client's address (a client cannot choose its own), and
 * a failed connection retried on the next instance. `X-Upstream` says which instance answered
 * (for the test only).
 */
export function nginxConfig(dir: string, ports: readonly number[] = INSTANCE_PORTS): string {
  return `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream kanal {
${ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=30s;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${PROXY_PORT};
    client_max_body_size 3m;
    location / {
      proxy_pass http://kanal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

export interface Instance {
  readonly port: number;
  child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}

export function startInstance(port: number, env: Record<string, string>): Instance {
  const { child, output } = spawnServer({
    PORT: String(port),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    TRUST_PROXY: 'loopback',
    ...env,
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { port, child, output, exited };
}

export async function untilHealthy(port: number, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`nothing healthy on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function startNginx(dir: string): { child: ChildProcess; output(): string } {
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    mkdirSync(path.join(dir, d), { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir));
  const child = spawn(nginxBinary(), ['-c', conf, '-p', dir, '-e', path.join(dir, 'error.log')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  return { child, output: () => out };
}
