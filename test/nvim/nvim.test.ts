// Neovim (Debian's 0.7) as a real third-party LSP client of the built server.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { it } from 'node:test';

const SERVER = path.resolve(__dirname, '../../server/out/server.js');
const FIXTURE = path.resolve(__dirname, '../fixtures/demoapi.yaml');

it('Neovim gets the diagnostic, the hover, the quick fixes and the inlay hint', () => {
  const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.equal(nvim.status, 0, 'Neovim is not installed: apt-get install -y neovim (.ci/run does this on CI).');
  const dir = mkdtempSync(path.join(tmpdir(), 'kpp-nvim-'));
  try {
    const out = path.join(dir, 'out.txt');
    const result = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${path.join(__dirname, 'lsp-check.lua')}`, FIXTURE], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, LSP_CMD: JSON.stringify([process.execPath, SERVER, '--stdio']), OUT: out, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir },
    });
    assert.equal(result.status, 0, `nvim failed: ${result.stderr}`);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.deepEqual(lines.filter((line) => line.startsWith('ERROR')), []);
    assert.ok(lines.includes('DIAG 18 15 2 implicit-always kube-pull-policy'), lines.join('\n'));
    const hover = lines.find((line) => line.startsWith('HOVER')) ?? '';
    assert.match(hover, /docker\.io\/registry\/demoapi:latest/);
    assert.match(hover, /Effective imagePullPolicy: `Always`/);
    assert.deepEqual(
      lines.filter((line) => line.startsWith('ACTION')),
      [
        'ACTION Set imagePullPolicy: IfNotPresent true',
        'ACTION Set imagePullPolicy: Always false',
        'ACTION Set imagePullPolicy: Never false',
        'ACTION Write the effective imagePullPolicy of every container nil',
        'ACTION Set imagePullPolicy: IfNotPresent on every container without one nil',
      ],
    );
    assert.ok(lines.includes('HINT 18 imagePullPolicy: Always'), lines.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
