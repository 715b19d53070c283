// A thin client of the Docker Engine API over its local socket: `_ping`, then
// image inspect (`GET /images/{name}/json`: 200 with `Id`, `Size`, `Created`, or
// 404). Podman's Docker-compatible socket answers the same. Never the network: a
// tcp:// DOCKER_HOST is not used. Every request has a short timeout and a size cap.

import { existsSync } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LocalImage } from '../analysis/localContext';

export const DOCKER_TIMEOUT_MS = 1000;
/** An image inspect reply is a few KB; anything past this is not a Docker Engine. */
const MAX_REPLY_BYTES = 1024 * 1024;

/**
 * The socket the docker CLI would use: DOCKER_HOST (unix:// or npipe://), else
 * Podman's CONTAINER_HOST, else /var/run/docker.sock, and on macOS Docker
 * Desktop's per-user ~/.docker/run/docker.sock (used when /var/run's link is off).
 */
export function dockerSocket(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = os.homedir(), exists = existsSync): string | { error: string } {
  for (const name of ['DOCKER_HOST', 'CONTAINER_HOST'] as const) {
    const host = env[name];
    if (!host) continue;
    if (host.startsWith('unix://')) return host.slice('unix://'.length);
    // npipe:////./pipe/docker_engine → \\.\pipe\docker_engine
    if (host.startsWith('npipe://')) return host.slice('npipe://'.length).replace(/\//g, '\\');
    return { error: `${name}=${host} is not a local socket; only local sockets are used` };
  }
  if (platform === 'win32') return '\\\\.\\pipe\\docker_engine';
  const candidates = ['/var/run/docker.sock', ...(platform === 'darwin' ? [path.join(home, '.docker', 'run', 'docker.sock')] : [])];
  return candidates.find((candidate) => exists(candidate)) ?? { error: `no Docker socket at ${candidates.join(' or ')}` };
}

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

function get(socketPath: string, urlPath: string, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath, path: urlPath, headers: { Host: 'docker' } }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_REPLY_BYTES) request.destroy(new Error(`a reply larger than ${MAX_REPLY_BYTES} bytes`));
        else chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.on('close', () => clearTimeout(timer));
    request.on('error', reject);
  });
}

export class DockerEngine {
  constructor(
    private readonly socket: string,
    private readonly timeoutMs = DOCKER_TIMEOUT_MS,
  ) {}

  /** The Engine's `_ping` answers `OK` with an `Api-Version` header; anything else is not a Docker Engine. */
  async ping(): Promise<void> {
    const reply = await get(this.socket, '/_ping', this.timeoutMs);
    if (reply.status !== 200 || reply.body.trim() !== 'OK' || !reply.headers['api-version']) {
      throw new Error(`${this.socket} does not answer like a Docker Engine (status ${reply.status})`);
    }
  }

  /** `reference` as the kubelet pulls it (`docker.io/registry/demoapi:latest`); the Engine normalises it the same way. */
  async inspect(reference: string): Promise<LocalImage> {
    const reply = await get(this.socket, `/images/${reference}/json`, this.timeoutMs);
    if (reply.status === 404) return { present: false };
    if (reply.status !== 200) throw new Error(`image inspect answered ${reply.status}`);
    const body: unknown = JSON.parse(reply.body);
    if (typeof body !== 'object' || body === null || typeof (body as { Id?: unknown }).Id !== 'string') throw new Error('image inspect answered without an image Id');
    const { Size, Created } = body as { Size?: unknown; Created?: unknown };
    const created = typeof Created === 'string' ? Date.parse(Created) : NaN;
    return { present: true, ...(typeof Size === 'number' ? { size: Size } : {}), ...(Number.isFinite(created) ? { created } : {}) };
  }
}

/** Runs `task` on every item with at most `limit` in flight. */
export async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]);
      }
    }),
  );
  return results;
}
