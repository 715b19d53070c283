// The reference reader (main.go), built once per run and asked in batches.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';

/** What kubectl makes of one document: the error it stops with, or the JSON it sends. */
export type OracleDocument = { readonly line: number; readonly error: string } | { readonly line: number; readonly value: unknown };

export interface OracleReading {
  /** The stream was sniffed as JSON (first non-space character `{`). */
  readonly json: boolean;
  readonly documents: readonly OracleDocument[];
}

const HERE = __dirname;
const BINARY = path.join(HERE, 'out', 'kubectl-reading');
/** Debian's golang-k8s-sigs-yaml-dev and golang-gopkg-yaml.v2-dev install here; GOPATH mode needs no module download. */
const GOPATH = '/usr/share/gocode';

/** Builds the reference reader (a second or two); throws with the reason when Go or go-yaml is missing. */
export function buildOracle(): string {
  if (!existsSync(path.join(GOPATH, 'src/sigs.k8s.io/yaml'))) throw new Error(`go-yaml's sources are missing from ${GOPATH}: install them with apt-get install golang-go golang-k8s-sigs-yaml-dev`);
  mkdirSync(path.dirname(BINARY), { recursive: true });
  execFileSync('go', ['build', '-o', BINARY, '.'], {
    cwd: HERE,
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOCACHE: process.env.GOCACHE ?? path.join(HERE, 'out', 'gocache') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (!existsSync(BINARY)) throw new Error(`go build did not produce ${BINARY}`);
  return BINARY;
}

/** Reads every stream with the reference reader, in one process. */
export function readAll(streams: readonly string[]): Promise<OracleReading[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(BINARY, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the reference reader exited with ${code}`));
      const lines = Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
      if (lines.length !== streams.length) return reject(new Error(`the reference reader answered ${lines.length} of ${streams.length} streams`));
      resolve(lines.map((line) => JSON.parse(line) as OracleReading));
    });
    for (const stream of streams) child.stdin.write(`${JSON.stringify(stream)}\n`);
    child.stdin.end();
  });
}
