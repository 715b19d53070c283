// UI test: what a person sees. Installs the packaged VSIX into a fresh code-server, opens
// demoapi.yaml in headless Chromium and checks the rendered inlay hint, the warning squiggle,
// the Problems panel, the hover, the Ctrl+. menu, and the text after applying the quick fix.
// Screenshots go to $SCREENSHOT_DIR (default: a new temp folder): hint-hover.png, quick-fix.png.
//
// `--web`: the same checks on the web build alone. The VSIX is repackaged with a manifest
// that has only the `browser` entry, so code-server can run it only in its web worker
// extension host (the client in a web worker, the server in a Web Worker); and one more
// check: a file of a kustomize base (test/fixtures/repo) gets the hint its kustomization
// gives, which the server learns through the client's `workspace.fs`. Screenshots are
// prefixed `web-`.
//
// Usually started by run.mjs. Standalone (after `npm run e2e:setup` and `npm run package`):
//   node test/e2e/ui.mjs [--web] [--vsix FILE] [--workspace DIR]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  PKG, ROOT, VSIX, WORKSPACE_FIXTURE, runStep, assertHarnessInstalled, copyWorkspace, createRunDir, elapsed, findLogs,
  installCleanupHandlers, installVsix, interrupted, isMain, launchChromium, log, startCodeServer, stopAll, tail, writeUserSettings,
} from './lib.mjs';

const IMAGE_LINE = '        image: registry/demoapi:latest';
const FIXED_LINE = '        imagePullPolicy: IfNotPresent';

/** The editor's visible lines, top to bottom, as rendered (inlay hints included). */
async function renderedLines(editor) {
  const lines = await editor.locator('.view-lines .view-line').evaluateAll((nodes) =>
    nodes.map((n) => ({ top: parseFloat(n.style.top) || 0, text: n.textContent ?? '' })));
  return lines.sort((a, b) => a.top - b.top).map((l) => l.text.replace(/\u00a0/g, ' '));
}

/** Texts of the inlay hints rendered in the editor. */
async function renderedHints(editor) {
  // Inlay hints are injected text; their spans carry a class derived from "inlay hint".
  return editor.locator('.view-lines span[class*="dyn-rule"], .view-lines span[class*="inlay"]').allTextContents();
}

/** The kustomize fixture, copied into the web run's workspace as `repo/`. */
const KUSTOMIZE_REPO = path.join(ROOT, 'test/fixtures/repo');

/**
 * The VSIX's extension with `main` removed from its manifest, packaged again: only the web
 * build is left to run. Staged from the VSIX's own files (what users install), not the tree.
 */
async function webOnlyVsix(run, vsix) {
  const stage = path.join(run.dir, 'web-only');
  await runStep('unpack VSIX', 'unzip', ['-q', vsix, 'extension/*', '-d', stage]);
  const extension = path.join(stage, 'extension');
  const manifest = JSON.parse(fs.readFileSync(path.join(extension, 'package.json'), 'utf8'));
  if (!manifest.browser) throw new Error(`${vsix} has no browser entry`);
  delete manifest.main;
  fs.writeFileSync(path.join(extension, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(extension, '.vscodeignore'), '');
  const out = path.join(stage, `${PKG.name}-web-only.vsix`);
  await runStep('package web-only VSIX', path.join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--skip-license', '--out', out], { cwd: extension });
  return out;
}

export async function runUiTest({
  vsix = VSIX, workspace = WORKSPACE_FIXTURE, web = false, screenshotDir = process.env.SCREENSHOT_DIR,
  keep = !!process.env.KEEP_E2E_TMP, verbose = !!process.env.VERBOSE,
} = {}) {
  const t0 = Date.now();
  const name = web ? 'web UI test' : 'UI test';
  const shot = (file) => path.join(screenshotDir, web ? `web-${file}` : file);
  assertHarnessInstalled();
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\``);
  screenshotDir = path.resolve(screenshotDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kube-pull-policy-screenshots-')));
  fs.mkdirSync(screenshotDir, { recursive: true });

  const run = createRunDir(web ? 'web' : 'ui');
  copyWorkspace(workspace, run.workspace);
  if (web) copyWorkspace(KUSTOMIZE_REPO, path.join(run.workspace, 'repo'));
  // Whole inlay hints (VS Code shortens them to 43 characters by default).
  writeUserSettings(run.userData, { 'workbench.colorTheme': 'Default Dark Modern', 'editor.hover.delay': 300, 'editor.inlayHints.maximumLength': 0 });
  log(`${name}: run folder ${path.relative(ROOT, run.dir)}`);
  await installVsix(run, web ? await webOnlyVsix(run, vsix) : vsix);

  const results = [];
  const check = (name, ok, detail = '') => {
    results.push({ name, ok });
    log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
  };
  const server = await startCodeServer(run);
  const browser = await launchChromium(run);
  const { page } = browser;
  let failed = false;
  try {
    if (verbose) page.on('console', (m) => { if (m.type() === 'error') console.log('[browser]', m.text().slice(0, 300)); });
    page.on('pageerror', (e) => log('page error:', e.message));
    await page.goto(`${server.url}/?folder=${encodeURIComponent(run.workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    log('workbench ready');

    // Open demoapi.yaml through Quick Open.
    const quickInput = page.locator('.quick-input-widget input');
    const open = async (file, text) => {
      await page.locator('.monaco-workbench .part.editor').click();
      await page.keyboard.press('Control+P');
      await quickInput.waitFor({ state: 'visible', timeout: 15000 });
      await quickInput.fill(file);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(file) }).first().waitFor({ timeout: 15000 });
      await page.keyboard.press('Enter');
      const opened = page.locator('.editor-instance .monaco-editor').first();
      await opened.locator('.view-lines', { hasText: text }).waitFor({ timeout: 30000 });
      log(`${file} open`);
      return opened;
    };
    const editor = await open('demoapi.yaml', 'registry/demoapi:latest');

    // 1. The inlay hint, rendered after the image.
    // (view lines render spaces as U+00A0: match them with \s)
    const hintRendered = await editor.locator('.view-line', { hasText: /registry\/demoapi:latest\s*imagePullPolicy:\s+Always/ })
      .first().waitFor({ timeout: 30000 }).then(() => true, () => false);
    const hints = await renderedHints(editor);
    check('inlay hint "imagePullPolicy: Always" rendered after the image', hintRendered && hints.some((h) => h.includes('Always')),
      JSON.stringify(hints));

    // 2. The warning squiggle.
    const squiggle = await editor.locator('.squiggly-warning').first().waitFor({ state: 'attached', timeout: 20000 })
      .then(() => true, () => false);
    check('warning squiggle', squiggle);

    // 3. The Problems panel lists implicit-always.
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    const listed = await problems.locator('.monaco-list-row', { hasText: 'implicit-always' }).first()
      .waitFor({ timeout: 20000 }).then(() => true, () => false);
    check('Problems panel shows implicit-always', listed,
      JSON.stringify((await problems.allInnerTexts().catch(() => [])).join(' ').replace(/\s+/g, ' ').slice(0, 300)));

    // 4. Hover on the image (cursor placed with Go to Line, then Ctrl+K Ctrl+I).
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+G');
    await quickInput.waitFor({ state: 'visible', timeout: 15000 });
    await quickInput.fill(':19:20');
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden', timeout: 15000 });
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    // The hover shows the diagnostic (whose message names the image too) and, in a row of its
    // own, the hover provider's markdown: check the provider's row.
    const hover = page.locator('.monaco-hover:visible');
    const providerRow = hover.locator('.hover-row:not(.status-bar):not(:has(.marker))', { hasText: 'docker.io/registry/demoapi:latest' });
    const hoverShown = await providerRow.first().waitFor({ timeout: 20000 }).then(() => true, () => false);
    const hoverText = hoverShown ? (await providerRow.first().textContent()).replace(/\s+/g, ' ') : '';
    if (verbose || !hoverShown) {
      log('hover rows:', JSON.stringify(await hover.locator('.hover-row').evaluateAll((rows, max) =>
        rows.map((r) => `${r.querySelector('.marker') ? 'diagnostic' : r.className}: ${(r.textContent ?? '').slice(0, max)}`),
        Number(process.env.DUMP_HOVER) || 120)));
    }
    check('hover names docker.io/registry/demoapi:latest and Always', hoverShown && hoverText.includes('Always'), hoverText.slice(0, 200));
    await page.screenshot({ path: shot('hint-hover.png') });
    await page.keyboard.press('Escape');

    // 5. Ctrl+. lists the quick fixes; apply the IfNotPresent one.
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Set imagePullPolicy: IfNotPresent' });
    const fixListed = await fix.first().waitFor({ timeout: 20000 }).then(() => true, () => false);
    const menu = await page.locator('.action-widget').allInnerTexts().catch(() => []);
    check('Ctrl+. lists "Set imagePullPolicy: IfNotPresent"', fixListed, JSON.stringify(menu.join(' | ').replace(/\s+/g, ' ').slice(0, 300)));
    await page.screenshot({ path: shot('quick-fix.png') });
    if (fixListed) {
      await fix.first().click();
      const fixed = await editor.locator('.view-line', { hasText: /^\s*imagePullPolicy:\s+IfNotPresent\s*$/ }).first()
        .waitFor({ timeout: 15000 }).then(() => true, () => false);
      const lines = await renderedLines(editor);
      const at = lines.findIndex((line) => line.startsWith(IMAGE_LINE));
      check('quick fix applied: the policy line right under image:', fixed && at >= 0 && lines[at + 1] === FIXED_LINE,
        JSON.stringify(lines.slice(Math.max(0, at - 1), at + 3)));
    } else {
      check('quick fix applied: the policy line right under image:', false, 'not listed');
    }

    if (web) {
      // 6. A kustomize base: the hint gives the image its kustomization sets, read through workspace.fs.
      const base = await open('repo/base/deployment.yaml', 'example/log-shipper');
      const kustomized = await base.locator('.view-line', { hasText: /example\/log-shipper\s*imagePullPolicy:\s+IfNotPresent\s+—\s+kustomize\s+sets\s+tag\s+2\.10/ })
        .first().waitFor({ timeout: 30000 }).then(() => true, () => false);
      check('kustomize base: hint "IfNotPresent — kustomize sets tag 2.10" from repo/base/kustomization.yaml', kustomized,
        JSON.stringify((await renderedLines(base)).filter((line) => line.includes('image:'))));
      await page.screenshot({ path: shot('kustomize.png') });
    }
  } catch (error) {
    check('UI test ran to the end', false, error.message);
  } finally {
    failed = results.some((r) => !r.ok) || interrupted();
    if (failed) {
      await page.screenshot({ path: shot('failure.png') }).catch(() => {});
      for (const file of findLogs(run.userData, /remoteexthost\.log$|Kube.*\.log$/)) console.log(`--- ${file}\n${tail(file, 30)}`);
      console.log(`--- run folder kept: ${run.dir}`);
    }
    await browser.close();
    await server.stop();
    await stopAll();
    if (!failed && !keep) run.remove();
  }
  const ok = !failed;
  log(`${name}: ${ok ? 'passed' : 'FAILED'} (${results.filter((r) => r.ok).length}/${results.length} checks) in ${elapsed(t0)}; screenshots in ${screenshotDir}`);
  return { ok, ms: Date.now() - t0, screenshotDir };
}

if (isMain(import.meta.url)) {
  installCleanupHandlers();
  const { values } = parseArgs({ options: { vsix: { type: 'string' }, workspace: { type: 'string' }, web: { type: 'boolean' } } });
  const options = { web: !!values.web };
  if (values.vsix) options.vsix = path.resolve(values.vsix);
  if (values.workspace) options.workspace = path.resolve(values.workspace);
  runUiTest(options).then(
    ({ ok }) => { process.exitCode = ok ? 0 : 1; },
    async (error) => { console.error(error); await stopAll(); process.exitCode = 1; },
  );
}
