// The raw parse floor, in its own process: how long the project's own `yaml`
// takes on the same text, with nothing of the server around it.
//
//   node bench/parse-floor.mjs <file> [runs]   → one line of JSON on stdout
//
// cold:      the first `parseAllDocuments` in this fresh process (what a fresh server pays, JIT included)
// warm:      median of `runs` further `parseAllDocuments` calls
// perDoc:    median of parsing each `---` document separately (what the server's pieces do), warm
// lexer:     median of the `Lexer` over the whole text (tokens only), warm
// coldCpu, warmCpu: the same runs' CPU time (process.cpuUsage), which other processes on the machine do not inflate

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Lexer, parseAllDocuments } from 'yaml';

const [file, runsArg] = process.argv.slice(2);
const runs = Math.max(1, Number(runsArg ?? 3));
const text = readFileSync(file, 'utf8');

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** Wall time of fn in ms; its CPU time (this process, all threads: GC helpers too) goes to `cpu`. */
function time(fn, cpu) {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpuStart);
  cpu?.push((used.user + used.system) / 1000);
  return wall;
}

// The same split as server/src/analysis/documents.ts.
const MARKER = /(?:^|\r\n|\r|\n)(?=---(?:[ \t\r\n]|$))/g;
function splitDocuments(source) {
  const starts = [0];
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(source); m; m = MARKER.exec(source)) {
    const start = m.index + m[0].length;
    if (start > 0) starts.push(start);
    if (m[0].length === 0) MARKER.lastIndex++;
  }
  return starts.map((s, i) => source.slice(s, i + 1 < starts.length ? starts[i + 1] : source.length));
}

let sink = 0;
const coldCpu = [];
const cold = time(() => {
  sink += parseAllDocuments(text, { prettyErrors: false }).length;
}, coldCpu);
const warm = [];
const warmCpu = [];
for (let i = 0; i < runs; i++) warm.push(time(() => (sink += parseAllDocuments(text, { prettyErrors: false }).length), warmCpu));
const pieces = splitDocuments(text);
const perDoc = [];
for (let i = 0; i < runs; i++) {
  perDoc.push(
    time(() => {
      for (const piece of pieces) sink += parseAllDocuments(piece, { prettyErrors: false }).length;
    }),
  );
}
const lexer = [];
for (let i = 0; i < runs; i++) {
  lexer.push(
    time(() => {
      for (const token of new Lexer().lex(text)) sink += token.length;
    }),
  );
}
process.stdout.write(
  `${JSON.stringify({ bytes: text.length, documents: pieces.length, runs, cold, coldCpu: coldCpu[0], warm: median(warm), warmCpu: median(warmCpu), warmRuns: warm, perDoc: median(perDoc), lexer: median(lexer), sink: sink > 0 })}\n`,
);
