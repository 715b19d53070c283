// Generated manifests at YAML's hard corners, where YAML 1.2 and go-yaml v2 part:
// YAML 1.1 scalars where a string is expected, quoted and plain scalars and flow
// collections continued on lines at every indentation, tabs, anchors, aliases and
// `<<` merges of container maps, duplicate keys, tags, a BOM, `...` and `---` in
// scalars and between documents, and CRLF.

import fc from 'fast-check';

/** Scalars go-yaml types as something else than YAML 1.2 does, or not as a string at all. */
const TRICKY_SCALARS = ['1.20', '0777', '08', '1e3', '.5', '+1', '0x1F', '0o17', '0b101', '1_000', 'yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'true', '2001-12-14', '.inf', '-.Inf', '.NaN', '12:30', '1.2.3', '-'];

/** True one time in six. */
const rarely = fc.integer({ min: 0, max: 5 }).map((n) => n === 0);

const word = fc.constantFrom('nginx', 'registry/demoapi', 'ghcr.io/acme/web', 'localhost:5000/app', 'busybox');
const tag = fc.constantFrom('', ':latest', ':1.25', ':v1.2.3', ':5000', '@sha256:' + 'a'.repeat(64));

/** An image value: as text after `image:` on its line, with its continuation lines (`\n` + spaces decided by `indent`). */
const imageValue = (indent: number) =>
  fc.oneof(
    fc.tuple(word, tag).map(([w, t]) => `${w}${t}`),
    fc.tuple(word, tag, fc.constantFrom("'", '"')).map(([w, t, q]) => `${q}${w}${t}${q}`),
    fc.constantFrom(...TRICKY_SCALARS),
    fc.constantFrom(...TRICKY_SCALARS).map((s) => `"${s}"`),
    fc.constantFrom(...TRICKY_SCALARS).map((s) => `!!str ${s}`),
    // A quoted image folded onto a continuation line at some indentation: go-yaml joins it with a space.
    fc.tuple(word, fc.integer({ min: 0, max: indent + 4 }), fc.constantFrom("'", '"')).map(([w, spaces, q]) => `${q}${w}\n${' '.repeat(spaces)}x${q}`),
  );

const policyValue = fc.constantFrom('Always', 'IfNotPresent', 'Never', '"Never"', "'Always'", 'always', 'on', 'yes', 'no', 'OFF', '~', 'null', '', '""', '!!str on', '1', '[Always]');

/** An annotation or description that wraps: quoted or plain, continuation lines at any indentation, sometimes a tab. */
const wrapped = (indent: number) =>
  fc
    .tuple(fc.constantFrom("'", '"', ''), fc.array(fc.tuple(fc.integer({ min: 0, max: indent + 3 }), rarely), { minLength: 1, maxLength: 3 }))
    .map(([quote, lines]) => `${quote}A long text wrapped by a generator${lines.map(([spaces, tab], i) => `\n${' '.repeat(spaces)}${tab ? '\t' : ''}line ${i} of it${i === 1 ? (quote === "'" ? " it''s" : " it's") : ''}`).join('')}${quote}`);

/** Command arguments as a flow sequence across lines, the lines at any indentation. */
const flowArgs = (indent: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: indent + 4 }), fc.integer({ min: 0, max: indent + 4 }))
    .map(([first, close]) => `[\n${' '.repeat(first)}"sh", "-c",\n${' '.repeat(first)}'echo ok'\n${' '.repeat(close)}]`);

const container = (at: number, image: string, policy: string | undefined, extra: string[]) => {
  const pad = ' '.repeat(at);
  const lines = [`${pad.slice(2)}- name: app`, `${pad}image: ${image}`];
  if (policy !== undefined) lines.push(`${pad}imagePullPolicy: ${policy}`);
  return [...lines, ...extra.map((line) => `${pad}${line}`)].join('\n');
};

/** One Deployment with hard corners in and around its containers. */
const deployment = fc
  .record({
    step: fc.constantFrom(2, 4),
    image: imageValue(8),
    policy: fc.option(policyValue, { nil: undefined }),
    description: wrapped(4),
    args: flowArgs(8),
    duplicate: fc.option(imageValue(8), { nil: undefined }),
    merge: fc.boolean(),
    alias: fc.constantFrom('', '', '*base', '*missing'),
    tabbed: rarely,
  })
  .map((d) => {
    const s = d.step;
    const at = 3 * s + 2;
    const extra = [`args: ${d.args}`];
    if (d.duplicate !== undefined) extra.push(`image: ${d.duplicate}`);
    const first = container(at, d.image, d.policy, extra);
    const containers = [d.merge ? `${' '.repeat(at - 2)}- &base\n${' '.repeat(at)}name: base\n${' '.repeat(at)}image: busybox` : first];
    if (d.merge) containers.push(`${' '.repeat(at - 2)}- <<: *base\n${' '.repeat(at)}name: merged${d.policy === undefined ? '' : `\n${' '.repeat(at)}imagePullPolicy: ${d.policy}`}`);
    if (d.alias === '*missing' || (d.alias && d.merge)) containers.push(`${' '.repeat(at - 2)}- ${d.alias}`);
    const pad = (n: number) => ' '.repeat(n * s);
    return [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `${pad(1)}name: web`,
      `${pad(1)}annotations:`,
      `${pad(2)}description: ${d.description}`,
      'spec:',
      `${pad(1)}template:`,
      `${pad(2)}spec:`,
      `${pad(3)}containers:`,
      ...containers,
      ...(d.tabbed ? [`${pad(3)}restartPolicy:\tAlways`] : []),
    ].join('\n');
  });

/** A stream of one to three such documents, with the separators and endings that vary. */
export const hardCornerArb: fc.Arbitrary<string> = fc
  .record({
    documents: fc.array(deployment, { minLength: 1, maxLength: 3 }),
    separators: fc.array(fc.constantFrom('---', '---', '--- # next', '...\n---', '...', '---\n...\n---'), { minLength: 2, maxLength: 2 }),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    trailing: fc.constantFrom('', '\n', '\n...\n', '\n---\n'),
  })
  .map(({ documents, separators, eol, bom, trailing }) => {
    const text = documents.map((doc, i) => (i === 0 ? doc : `${separators[(i - 1) % separators.length]}\n${doc}`)).join('\n') + trailing;
    return `${bom ? '\uFEFF' : ''}${text.replace(/\n/g, eol)}`;
  });
