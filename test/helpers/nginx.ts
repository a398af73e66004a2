// Debian's nginx as a round-robin load balancer in front of several servers, in a temp directory
// (no system configuration touched). Imports no vitest, so benchmarks and fault runs can use it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type AssayProcess } from './assay-process.ts';
import { spawn } from 'node:child_process';
import { waitFor } from './wait-for.ts';

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

export interface Balancer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startBalancer(upstreams: readonly string[]): Promise<Balancer> {
  if (!NGINX) throw new Error('nginx is not installed (.ci/run installs Debian nginx)');
  const dir = mkdtempSync(join(tmpdir(), 'assay-nginx-'));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream assay {
${upstreams.map((u) => `    server ${new URL(u).host};`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 16m;
    location / {
      proxy_pass http://assay;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_next_upstream off;
    }
  }
}
`,
  );
  const child = spawn(NGINX, ['-p', dir, '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`)).ok, `nginx on ${url}; output: ${output}`, 15_000);
  return {
    url,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Requests a server process logged for a path (its one-line-per-request log). */
export function requestsLogged(server: AssayProcess, path: string): number {
  return server.logs.filter((l) => l.path === path).length;
}
