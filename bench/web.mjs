// The web build in a real browser: what a browser has instead of a worker thread.
// Headless Chromium (the real-VS-Code harness's) loads server/out/browser.js as a Web
// Worker, exactly as the web client starts it (a MessagePort as the first message), and
// a small LSP client in the page opens a small Pod, then a `kind: List` of SIZE, and asks
// for a hover on the small Pod as soon as the server has started on the list. Twice:
// with the nested analysis Worker (Chromium, Firefox), and with `Worker` removed from
// the server's scope, where the list is analysed in place between slices. Also the
// sizes of the four bundles and of the VSIX (built with `npm run package` first).
//
//   npm run package && node bench/web.mjs [--size 5m] [--runs 3]
import { readFileSync, statSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM, PKG, ROOT, assertHarnessInstalled, playwright } from '../test/e2e/lib.mjs';
import { asList, formatSize, generate, parseSize } from './generate.mjs';

const { values } = parseArgs({ options: { size: { type: 'string', default: '5m' }, runs: { type: 'string', default: '3' } } });
const SIZE = parseSize(values.size);
const RUNS = Number(values.runs);

const SMALL = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: small', 'spec:', '  containers:', '  - name: app', '    image: nginx:1.25.3', ''].join('\n');
const SMALL_HOVER = { line: 7, character: 14 };

/** Serves the page and the built bundles from the repository. */
function serve() {
  const page = '<!doctype html><title>kube-pull-policy web bench</title>';
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, 'http://localhost');
    if (url.pathname === '/') return response.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (url.pathname === '/server/out/browser.js') return response.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(path.join(ROOT, 'server/out/browser.js')));
    response.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Runs in the page: one server, the small Pod, then the list; the hover on the Pod is
 * sent when the server asks for the list's settings (it then starts analysing it).
 * Returns milliseconds: hover answer, list open → its diagnostics, and whether the
 * hover came before the list's diagnostics.
 */
async function measure({ small, hover, list, nested }) {
  const url = new URL('/server/out/browser.js', location.href).href;
  // Without nested workers: the server's scope has no Worker, as in a browser lacking them.
  const script = nested ? url : URL.createObjectURL(new Blob([`self.Worker = undefined; importScripts(${JSON.stringify(url)});`], { type: 'text/javascript' }));
  const worker = new Worker(script, { name: 'kube-pull-policy server' });
  const channel = new MessageChannel();
  worker.postMessage(channel.port2, [channel.port2]);
  const port = channel.port1;
  let nextId = 1;
  const pending = new Map();
  const diagnosed = new Map();
  let onListSettings;
  const send = (message) => port.postMessage({ jsonrpc: '2.0', ...message });
  const request = (method, params) => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    send({ id, method, params });
  });
  port.onmessage = ({ data }) => {
    if (data.id !== undefined && data.method === undefined) return pending.get(data.id)?.(data.result);
    if (data.method === 'textDocument/publishDiagnostics') return diagnosed.get(data.params.uri)?.(performance.now());
    if (data.method === 'workspace/configuration') {
      send({ id: data.id, result: data.params.items.map(() => null) });
      if (data.params.items.some((item) => item.scopeUri === 'untitled:list')) onListSettings?.();
      return;
    }
    if (data.id !== undefined) send({ id: data.id, result: null });
  };
  const diagnostics = (uri) => new Promise((resolve) => diagnosed.set(uri, resolve));
  const open = (uri, text) => send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } });

  await request('initialize', { processId: null, rootUri: null, workspaceFolders: [], capabilities: { workspace: { configuration: true } } });
  send({ method: 'initialized', params: {} });
  const smallDone = diagnostics('untitled:small');
  open('untitled:small', small);
  await smallDone;

  const listDone = diagnostics('untitled:list');
  const listSettings = new Promise((resolve) => (onListSettings = resolve));
  const openedAt = performance.now();
  open('untitled:list', list);
  await listSettings;
  const hoverSentAt = performance.now();
  let listAt;
  listDone.then((at) => (listAt = at));
  const answer = await request('textDocument/hover', { textDocument: { uri: 'untitled:small' }, position: hover });
  const hoverMs = performance.now() - hoverSentAt;
  const hoverBeforeList = listAt === undefined;
  const listMs = (await listDone) - openedAt;
  worker.terminate();
  return { hoverMs, listMs, hoverBeforeList, hoverAnswered: Boolean(answer?.contents) };
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const ms = (value) => `${Math.round(value)} ms`;

assertHarnessInstalled();
const list = asList(generate(SIZE, 1).text);
const server = await serve();
const { chromium } = playwright();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const results = { nested: [], inPlace: [] };
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  for (let run = 0; run < RUNS; run++) {
    for (const nested of [true, false]) {
      results[nested ? 'nested' : 'inPlace'].push(await page.evaluate(measure, { small: SMALL, hover: SMALL_HOVER, list, nested }));
    }
  }
} finally {
  await browser.close();
  server.close();
}

const file = (relative) => {
  try {
    return formatSize(statSync(path.join(ROOT, relative)).size);
  } catch {
    return 'missing (run `npm run package`)';
  }
};
console.log(`web build in Chromium (${browser.version?.() ?? 'headless'}), a kind: List of ${formatSize(list.length)}, median of ${RUNS} runs`);
for (const [name, runs] of Object.entries(results)) {
  const hover = median(runs.map((r) => r.hoverMs));
  const open = median(runs.map((r) => r.listMs));
  const during = runs.filter((r) => r.hoverBeforeList && r.hoverAnswered).length;
  console.log(`  ${name === 'nested' ? 'nested analysis Worker' : 'no Worker (in place)  '}: hover on the small Pod ${ms(hover)} (answered before the list's diagnostics in ${during}/${runs.length}); list open → diagnostics ${ms(open)}`);
}
const ratio = median(results.inPlace.map((r) => r.hoverMs)) / Math.max(1, median(results.nested.map((r) => r.hoverMs)));
console.log(`  hover: in place ÷ nested worker = ${ratio.toFixed(0)}×`);
console.log(`bundles (as last built): client ${file('client/out/extension.js')} desktop, ${file('client/out/browser.js')} web; server ${file('server/out/server.js')} desktop, ${file('server/out/browser.js')} web`);
console.log(`VSIX ${PKG.name}.vsix: ${file(`${PKG.name}.vsix`)}`);
