// A test Docker Engine API server: real HTTP on a unix socket in a temp dir,
// answering the documented endpoints with the documented shapes
// (docs.docker.com/reference/api/engine: GET /_ping → "OK" with Api-Version;
// GET /version; GET /images/{name}/json → ImageInspect or 404 {"message"};
// GET /images/json?filters={"reference":[…]} → ImageSummary[]). Other modes play
// what must never break us: a silent socket, garbage, a huge reply, a non-Docker server.

import { mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export type Mode = 'docker' | 'silent' | 'garbage' | 'huge' | 'not-docker';

export interface TestImage {
  /** As `docker images` shows it: `registry/demoapi:latest`. */
  readonly tag: string;
  readonly size: number;
  readonly created: string;
}

export interface TestDockerServer {
  readonly socket: string;
  /** The image paths asked for, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** docker.io/library/nginx:latest → nginx:latest; docker.io/registry/demoapi:latest → registry/demoapi:latest (the daemon's familiar form). */
function familiar(name: string): string {
  return name.replace(/^docker\.io\//, '').replace(/^library\//, '');
}

export async function startDockerServer(mode: Mode, images: readonly TestImage[] = []): Promise<TestDockerServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kpp-docker-'));
  const socket = path.join(dir, 'docker.sock');
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://docker');
    requests.push(url.pathname);
    if (mode === 'silent') return; // never answers
    if (mode === 'garbage') return void response.socket?.end('\x00\x01 not http at all\r\n\r\n');
    if (mode === 'huge') {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Api-Version': '1.45' });
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 64; i++) response.write(chunk); // 4 MB
      return void response.end();
    }
    if (mode === 'not-docker') {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      return void response.end('<html>hello</html>');
    }
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json', 'Api-Version': '1.45', Server: 'Docker/27.3.1 (linux)' });
      response.end(JSON.stringify(body));
    };
    const inspect = (image: TestImage, i: number) => ({
      Id: `sha256:${String(i).padStart(64, '0')}`,
      RepoTags: [image.tag],
      RepoDigests: [],
      Created: image.created,
      Size: image.size,
      Architecture: 'amd64',
      Os: 'linux',
    });
    if (url.pathname === '/_ping') {
      response.writeHead(200, { 'Content-Type': 'text/plain', 'Api-Version': '1.45', 'Docker-Experimental': 'false' });
      return void response.end('OK');
    }
    if (url.pathname === '/version') return json(200, { Version: '27.3.1', ApiVersion: '1.45', MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64' });
    if (url.pathname === '/images/json') {
      const filters = JSON.parse(url.searchParams.get('filters') ?? '{}') as { reference?: string[] };
      const wanted = (filters.reference ?? []).map(familiar);
      const found = images.map(inspect).filter((image) => !wanted.length || image.RepoTags.some((tag) => wanted.includes(tag)));
      return json(200, found.map(({ Id, RepoTags, Created, Size }) => ({ Id, ParentId: '', RepoTags, RepoDigests: [], Created: Math.floor(Date.parse(Created) / 1000), Size, SharedSize: -1, Labels: {}, Containers: -1 })));
    }
    const match = /^\/images\/(.+)\/json$/.exec(url.pathname);
    if (match) {
      const name = familiar(decodeURIComponent(match[1]));
      const index = images.findIndex((image) => image.tag === name);
      return index >= 0 ? json(200, inspect(images[index], index)) : json(404, { message: `No such image: ${name}` });
    }
    json(404, { message: 'page not found' });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    socket,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
