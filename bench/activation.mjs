// Extension activation time as VS Code itself measures it: installs a VSIX into a fresh
// code-server (the offline real-VS-Code harness), opens demoapi.yaml in headless Chromium,
// waits for the extension's warning squiggle, and reads "Activation: N ms" from
// Developer: Show Running Extensions (code loading + the activate() call). Each sample is a
// new window (reload), so a new extension host loads and activates the extension again.
//
// Run by bench/run.mjs; standalone (after `npm run e2e:setup`):
//   node bench/activation.mjs --vsix FILE [--runs N]      prints JSON { samples, medianMs }
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  WORKSPACE_FIXTURE, assertHarnessInstalled, copyWorkspace, createRunDir, installCleanupHandlers, installVsix, isMain,
  launchChromium, startCodeServer, stopAll, writeUserSettings,
} from '../test/e2e/lib.mjs';

const DISPLAY_NAME = 'Kubernetes Image Pull Policy';

export async function measureActivation({ vsix, runs = 5 }) {
  assertHarnessInstalled();
  const run = createRunDir('activation');
  copyWorkspace(WORKSPACE_FIXTURE, run.workspace);
  writeUserSettings(run.userData);
  await installVsix(run, vsix);
  const server = await startCodeServer(run);
  // Tall: the Running Extensions list is virtual and sorted slowest first, so ours is near the end.
  const browser = await launchChromium(run, { viewport: { width: 1400, height: 3000 } });
  const { page } = browser;
  const samples = [];
  let step = 'start';
  /** Waits for `locator`; a timeout names the step. */
  const waitFor = (name, locator, options) => {
    step = name;
    return locator.waitFor({ timeout: 15000, ...options });
  };
  try {
    const palette = page.locator('.quick-input-widget input');
    const runCommand = async (text, row) => {
      await page.keyboard.press('F1');
      await waitFor('the command palette', palette, { state: 'visible' });
      await palette.fill(`>${text}`);
      await waitFor(`the command "${row}"`, page.locator('.quick-input-list .monaco-list-row', { hasText: row }).first());
      await page.keyboard.press('Enter');
    };
    await page.goto(`${server.url}/?folder=${encodeURIComponent(run.workspace)}`);
    for (let i = 0; i < runs; i++) {
      if (i > 0) await page.reload();
      await waitFor('the workbench', page.locator('.monaco-workbench'), { timeout: 60000 });
      await waitFor('the explorer', page.locator('.explorer-folders-view .monaco-list-row').first(), { timeout: 60000 });
      await page.locator('.monaco-workbench .part.editor').click();
      await page.keyboard.press('Control+P');
      await waitFor('quick open', palette, { state: 'visible' });
      await palette.fill('demoapi.yaml');
      await waitFor('demoapi.yaml in quick open', page.locator('.quick-input-list .monaco-list-row', { hasText: 'demoapi.yaml' }).first());
      await page.keyboard.press('Enter');
      // The server answered: the extension is active and working, not just loaded.
      await waitFor('the warning squiggle', page.locator('.monaco-editor .squiggly-warning').first(), { state: 'attached', timeout: 30000 });
      await runCommand('Show Running Extensions', 'Show Running Extensions');
      const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: DISPLAY_NAME });
      const time = row.locator('.activation-time', { hasText: /\d+\s*ms/ });
      await waitFor(`"${DISPLAY_NAME}" with its activation time in Running Extensions`, time.first());
      const text = await time.first().textContent();
      samples.push(Number(/(\d+)\s*ms/.exec(text)[1]));
      await page.keyboard.press('Control+W'); // the Running Extensions editor: not restored on reload
    }
  } catch (error) {
    const screenshot = path.join(run.dir, '..', `activation-failure-${Date.now()}.png`);
    await page.screenshot({ path: screenshot }).catch(() => {});
    throw new Error(`sample ${samples.length + 1}: waiting for ${step}: ${error.message.split('\n')[0]} (screenshot ${screenshot})`);
  } finally {
    await browser.close();
    await server.stop();
    await stopAll();
    run.remove();
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples, medianMs: sorted[Math.floor(sorted.length / 2)] };
}

if (isMain(import.meta.url)) {
  installCleanupHandlers();
  const { values } = parseArgs({ options: { vsix: { type: 'string' }, runs: { type: 'string' } } });
  if (!values.vsix) throw new Error('--vsix FILE is required');
  measureActivation({ vsix: path.resolve(values.vsix), runs: Number(values.runs ?? 5) }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    async (error) => { console.error(error); await stopAll(); process.exitCode = 1; },
  );
}
