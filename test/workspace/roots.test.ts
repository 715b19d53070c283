import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, it } from 'node:test';
import { repositoryRoot, workspaceRootsFor } from '../../server/src/workspace/roots';

const temp = mkdtempSync(path.join(tmpdir(), 'kpp-roots-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const at = (relative: string) => path.join(temp, relative);
for (const dir of ['repo/.git', 'repo/apps/web/base', 'worktree/deploy', 'loose/manifests']) mkdirSync(at(dir), { recursive: true });
writeFileSync(at('worktree/.git'), 'gitdir: /elsewhere/.git/worktrees/w\n');
writeFileSync(at('repo/apps/web/base/deployment.yaml'), 'kind: Deployment\n');

it('uses the Git top level of each checked path, else its directory', () => {
  assert.equal(repositoryRoot(at('repo/apps/web')), at('repo'));
  assert.equal(repositoryRoot(at('worktree/deploy')), at('worktree'));
  assert.deepEqual(workspaceRootsFor(['apps/web/base/deployment.yaml', 'apps'], at('repo')), [at('repo')]);
  assert.deepEqual(workspaceRootsFor(['-'], at('repo/apps')), [at('repo')]);
  assert.deepEqual(workspaceRootsFor([at('worktree/deploy'), at('loose/manifests/x.yaml'), at('loose/manifests')], temp), [at('worktree'), at('loose/manifests')]);
  assert.deepEqual(workspaceRootsFor([], at('loose')), [at('loose')]);
});

it('keeps only the outermost of nested roots', () => {
  assert.deepEqual(workspaceRootsFor([at('loose/manifests'), at('loose')], temp), [at('loose')]);
});
