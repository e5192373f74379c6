#!/usr/bin/env node
// `cargo xtask diff` beside two peer OpenAPI diff tools on real spec
// histories: every pair of ../shared/corpus/spec-history (other projects'
// data, read where it lies, never copied here), each tool's breaking
// verdict, the breaking places each reports, where they overlap, and wall
// time.
//
// A place is (operation, side): `POST /contacts request`, `GET /pets/{id}
// response`, or `... operation` for a change to the operation itself (it
// was removed, say). Each tool says "breaking" in its own terms:
//   - xone: a change whose `wire` level is breaking (oasdiff's level where
//     oasdiff has the rule), from `xtask diff --format json`; the side is
//     the rule id's (`request-...`, `response-...`), else the operation;
//   - openapi-diff 0.24.1 (Atlassian), its CLI: `breakingDifferences`, the
//     side from its `code` (`request.body.scope.remove`), the operation
//     from the entity's location (`paths./pets.get.requestBody...`);
//   - api-smart-diff 1.0.6, its `apiDiff` API in a child process: diffs of
//     type `breaking` under `paths` (it reports each change once more under
//     `components`, which names no operation, so those are left out).
// A change at a path's level (the path removed, a path-level parameter)
// is a place on every method the old spec has at that path.
//
// Setup, once: `cd xtask/tools/peers && npm ci` (package-lock.json pins
// both peers and js-yaml; no network after that), and a release xtask:
// `cargo build --release -p xtask`.
//
// Usage: node xtask/tools/peers/compare.js [--xtask PATH] [--corpus DIR]
//          [--timeout SECONDS] [--only ID,ID] [--markdown FILE]
//   --xtask     the xtask binary (default target/release/xtask)
//   --corpus    the spec-history folder (default $XONE_SHARED/corpus/
//               spec-history, else ../shared/corpus/spec-history beside the
//               repository)
//   --timeout   per tool per pair (default 120; openapi-diff needs more
//               than that on about half the pairs)
//   --markdown  also write the report there (docs/diff-accuracy.md)
//   --fresh     run the peers again instead of reading their results from
//               .cache/peers.json (they are pinned and the corpus is fixed:
//               only the first run takes the peers' 40 minutes)
// It prints one line per pair as it goes, then the totals. The report
// marks each disagreement judged in judgements.json (pair, tool, place or
// `*`, who is right and why, from oasdiff's rules and checker/ source) and
// counts the places still to judge.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const HERE = __dirname;
const REPO = path.resolve(HERE, '..', '..', '..');
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

const need = (name) => require(require.resolve(name, { paths: [HERE] }));

function load(file) {
  const text = fs.readFileSync(file, 'utf8');
  return file.endsWith('.json') ? JSON.parse(text) : need('js-yaml').load(text);
}

// Child mode: api-smart-diff in a process of its own, so that a crash or
// a hang stays with its pair. Prints the breaking diffs' paths as JSON.
if (process.argv[2] === '--api-smart-diff') {
  const { apiDiff } = need('api-smart-diff');
  const diffs = apiDiff(load(process.argv[3]), load(process.argv[4]));
  const breaking = diffs.filter((d) => d.type === 'breaking').map((d) => d.path);
  process.stdout.write(JSON.stringify({ total: diffs.length, breaking }));
  process.exit(0);
}

function options(argv) {
  const shared = process.env.XONE_SHARED || path.resolve(REPO, '..', 'shared');
  const o = {
    xtask: path.join(REPO, 'target', 'release', 'xtask'),
    corpus: path.join(shared, 'corpus', 'spec-history'),
    timeout: 120,
    only: null,
    markdown: null,
    fresh: false,
  };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--fresh') {
      o.fresh = true;
      i -= 1;
      continue;
    }
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--xtask') o.xtask = path.resolve(value);
    else if (flag === '--corpus') o.corpus = path.resolve(value);
    else if (flag === '--timeout') o.timeout = Number(value);
    else if (flag === '--only') o.only = new Set(value.split(','));
    else if (flag === '--markdown') o.markdown = path.resolve(value);
    else throw new Error(`unknown flag ${flag}`);
  }
  return o;
}

// Runs a command in a process group of its own, killed whole on timeout.
// Its stdout goes to a file: a large report through a pipe comes back cut
// short when the tool exits right after printing (openapi-diff does).
function timed(cmd, args, timeoutS) {
  const out = path.join(os.tmpdir(), `xone-peers-${process.pid}-${Math.random().toString(36).slice(2)}.out`);
  const fd = fs.openSync(out, 'w');
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: HERE, detached: true, stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.on('data', (b) => { stderr += b; });
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGKILL'); } catch (e) { /* gone already */ }
    }, timeoutS * 1000);
    child.on('close', (status) => {
      clearTimeout(timer);
      fs.closeSync(fd);
      const stdout = fs.readFileSync(out, 'utf8');
      fs.rmSync(out, { force: true });
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      resolve({ status, stdout, stderr, timedOut, secs });
    });
  });
}

const oneLine = (s) => String(s).split(/\n\s+at /)[0].replace(/\s+/g, ' ').trim().slice(0, 160);

// Every method the spec has at `p`, upper-case.
function methodsAt(spec, p) {
  const item = (spec.paths || {})[p] || {};
  return Object.keys(item).filter((k) => METHODS.has(k)).map((k) => k.toUpperCase());
}

// Places from a path, a method (or none: the path's level) and a side.
function placesOf(spec, p, method, side) {
  const methods = method ? [method.toUpperCase()] : methodsAt(spec, p);
  return methods.map((m) => `${m} ${p} ${side}`);
}

function sideOfSegment(segment) {
  if (segment === 'parameters' || segment === 'requestBody') return 'request';
  if (segment === 'responses') return 'response';
  return 'operation';
}

async function xone(o, oldF, newF) {
  const r = await timed(o.xtask, ['diff', oldF, newF, '--format', 'json'], o.timeout);
  if (r.timedOut) return { error: `timeout after ${o.timeout}s`, secs: r.secs };
  if (r.status !== 0) return { error: `rc=${r.status} ${oneLine(r.stderr)}`, secs: r.secs };
  const report = JSON.parse(r.stdout);
  const places = new Set();
  let breaking = 0;
  for (const c of report.changes.filter((c) => c.wire === 'breaking')) {
    breaking += 1;
    const side = c.id.includes('request') ? 'request' : c.id.includes('response') ? 'response' : 'operation';
    for (const op of c.operations) places.add(`${op} ${side}`);
  }
  return { breaking, places, secs: r.secs };
}

async function openapiDiff(o, oldF, newF, oldSpec) {
  const bin = path.join(HERE, 'node_modules', '.bin', 'openapi-diff');
  const r = await timed(bin, [oldF, newF], o.timeout);
  if (r.timedOut) return { error: `timeout after ${o.timeout}s`, secs: r.secs };
  const text = r.stdout.trim();
  if (r.status === 0 && /^No changes found/.test(text)) return { breaking: 0, places: new Set(), secs: r.secs };
  const start = text.indexOf('{');
  if ((r.status !== 0 && r.status !== 1) || start < 0) {
    return { error: `rc=${r.status} ${oneLine(r.stderr || text)}`, secs: r.secs };
  }
  const report = JSON.parse(text.slice(start));
  const places = new Set();
  const differences = report.breakingDifferences || [];
  for (const d of differences) {
    const side = d.code.startsWith('request') ? 'request' : d.code.startsWith('response') ? 'response' : 'operation';
    const details = [...(d.sourceSpecEntityDetails || []), ...(d.destinationSpecEntityDetails || [])];
    for (const { location } of details) {
      const m = /^paths\.(\/.*?)(?:\.(get|put|post|delete|patch|head|options|trace))?(?:\.(.*))?$/.exec(location || '');
      if (!m) continue;
      const at = m[2] ? sideOfSegment((m[3] || '').split('.')[0]) : side;
      for (const place of placesOf(oldSpec, m[1], m[2], side === 'operation' ? at : side)) places.add(place);
    }
  }
  return { breaking: differences.length, places, secs: r.secs };
}

async function apiSmartDiff(o, oldF, newF, oldSpec) {
  const r = await timed(process.execPath, ['--max-old-space-size=8192', __filename, '--api-smart-diff', oldF, newF], o.timeout);
  if (r.timedOut) return { error: `timeout after ${o.timeout}s`, secs: r.secs };
  if (r.status !== 0) return { error: `rc=${r.status} ${oneLine(r.stderr)}`, secs: r.secs };
  const report = JSON.parse(r.stdout);
  const places = new Set();
  for (const p of report.breaking) {
    if (p[0] !== 'paths' || p.length < 2) continue;
    const method = METHODS.has(p[2]) ? p[2] : null;
    const side = method ? sideOfSegment(p[3]) : p[2] === 'parameters' ? 'request' : 'operation';
    for (const place of placesOf(oldSpec, p[1], method, side)) places.add(place);
  }
  return { breaking: report.breaking.length, places, secs: r.secs };
}

const TOOLS = [
  ['xone', xone],
  ['openapi-diff', openapiDiff],
  ['api-smart-diff', apiSmartDiff],
];

function verdict(result) {
  if (result.error) return 'error';
  return result.breaking > 0 ? 'breaking' : 'none';
}

function intersect(a, b) {
  return [...a].filter((x) => b.has(x));
}

// The peers' results per pair, kept between runs (.cache/, not
// committed): the peers are pinned and the corpus is fixed, so only the
// diff needs running again after a change. --fresh runs them all.
const CACHE = path.join(HERE, '.cache', 'peers.json');

function readCache(o) {
  if (o.fresh || !fs.existsSync(CACHE)) return {};
  return JSON.parse(fs.readFileSync(CACHE, 'utf8'));
}

function writeCache(cache) {
  fs.mkdirSync(path.dirname(CACHE), { recursive: true });
  fs.writeFileSync(`${CACHE}.tmp`, JSON.stringify(cache));
  fs.renameSync(`${CACHE}.tmp`, CACHE);
}

async function onePair(o, id, cache) {
  const dir = path.join(o.corpus, id);
  const files = fs.readdirSync(dir);
  const oldF = path.join(dir, files.find((f) => f.startsWith('old.')));
  const newF = path.join(dir, files.find((f) => f.startsWith('new.')));
  const oldSpec = load(oldF);
  const results = {};
  for (const [name, run] of TOOLS) {
    const key = `${id} ${name} timeout=${o.timeout}`;
    if (name !== 'xone' && cache[key]) {
      results[name] = { ...cache[key], places: new Set(cache[key].places || []) };
      continue;
    }
    try {
      results[name] = await run(o, oldF, newF, oldSpec);
    } catch (e) {
      results[name] = { error: oneLine(e.message), secs: 0 };
    }
    if (name !== 'xone') {
      cache[key] = { ...results[name], places: [...(results[name].places || [])] };
      writeCache(cache);
    }
  }
  return { id, results };
}

function pairLine({ id, results }) {
  const cells = TOOLS.map(([name]) => {
    const r = results[name];
    if (r.error) return `${name}: error (${r.error}) ${r.secs.toFixed(2)}s`;
    return `${name}: ${verdict(r)}, ${r.places.size} places, ${r.secs.toFixed(2)}s`;
  });
  return `${id}  ${cells.join('  |  ')}`;
}

// The judged disagreements: what oasdiff's rules and checker/ source say
// of a place one tool calls breaking and another does not. `place` is a
// place as the report prints it, or `*` for every disagreeing place of
// that pair and tool; `right` is `xone`, the peer's name, or `neither`.
function judgements() {
  const file = path.join(HERE, 'judgements.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : [];
}

function judged(list, id, tool, place) {
  return list.find((j) => j.pair === id && j.tool === tool && (j.place === '*' || j.place === place));
}

function report(o, pairs) {
  const judgedList = judgements();
  let disagreeing = 0;
  let judgedCount = 0;
  const lines = [];
  const push = (s = '') => lines.push(s);
  push('# The diff on real spec histories, beside two peers');
  push();
  push('Made by `node xtask/tools/peers/compare.js --markdown docs/diff-accuracy.md`');
  push(`(per-tool timeout ${o.timeout} s) over the ${pairs.length} pairs of`);
  push('`../shared/corpus/spec-history/` (other projects\' specs, read from the shared');
  push('folder; its `SOURCES.md` names each commit). "Places" are the distinct');
  push('(operation, request/response/operation) places a tool calls breaking;');
  push('"shared" counts xone\'s places that the peer also reports. Times are wall');
  push('time of one run each, the xtask a release build.');
  push();
  push('| pair | xone | openapi-diff | api-smart-diff | xone places | od places (shared) | asd places (shared) | xone s | od s | asd s |');
  push('|---|---|---|---|---|---|---|---|---|---|');
  for (const { id, results } of pairs) {
    const x = results.xone;
    const od = results['openapi-diff'];
    const asd = results['api-smart-diff'];
    const cnt = (r) => (r.error ? '-' : `${r.places.size}`);
    const shared = (r) => (r.error || x.error ? '' : ` (${intersect(x.places, r.places).length})`);
    push(`| ${id} | ${verdict(x)} | ${verdict(od)} | ${verdict(asd)} | ${cnt(x)} | ${cnt(od)}${shared(od)} | ${cnt(asd)}${shared(asd)} | ${x.secs.toFixed(2)} | ${od.secs.toFixed(2)} | ${asd.secs.toFixed(2)} |`);
  }
  push();
  const ok = (name) => pairs.filter((p) => !p.results[name].error);
  push('## Totals');
  push();
  for (const [name] of TOOLS) {
    const done = ok(name);
    const breaking = done.filter((p) => p.results[name].breaking > 0).length;
    const secs = pairs.map((p) => p.results[name].secs);
    const total = secs.reduce((a, b) => a + b, 0);
    push(`- ${name}: ran on ${done.length} of ${pairs.length} pairs, breaking on ${breaking}; ${total.toFixed(1)} s in all, slowest pair ${Math.max(...secs).toFixed(2)} s.`);
  }
  for (const [name] of TOOLS.slice(1)) {
    const both = pairs.filter((p) => !p.results[name].error && !p.results.xone.error);
    const agree = both.filter((p) => verdict(p.results[name]) === verdict(p.results.xone)).length;
    const ratios = both.map((p) => p.results[name].secs / p.results.xone.secs).sort((a, b) => a - b);
    const median = ratios.length ? ratios[Math.floor(ratios.length / 2)] : NaN;
    push(`- xone and ${name}: the same verdict on ${agree} of the ${both.length} pairs both ran; ${name} took a median ${median.toFixed(0)} times as long.`);
  }
  push();
  push('## Where the verdicts differ');
  push();
  push('Each place one tool reports breaking and another does not is a');
  push('disagreement to judge with oasdiff\'s rules (`../shared/reference/oasdiff-rules.json`');
  push('and its `checker/` source). Up to 5 per tool and pair:');
  push();
  for (const { id, results } of pairs) {
    const x = results.xone;
    if (x.error) continue;
    for (const [name] of TOOLS.slice(1)) {
      const r = results[name];
      if (r.error) continue;
      const onlyPeer = [...r.places].filter((p) => !x.places.has(p));
      const onlyXone = [...x.places].filter((p) => !r.places.has(p));
      if (!onlyPeer.length && !onlyXone.length) continue;
      push(`- ${id}, ${name}: ${onlyPeer.length} only the peer reports${onlyPeer.length ? ` (${onlyPeer.slice(0, 5).map((p) => `\`${p}\``).join(', ')})` : ''}; ${onlyXone.length} only xone reports${onlyXone.length ? ` (${onlyXone.slice(0, 5).map((p) => `\`${p}\``).join(', ')})` : ''}.`);
      const reasons = new Map();
      for (const place of [...onlyPeer, ...onlyXone]) {
        disagreeing += 1;
        const j = judged(judgedList, id, name, place);
        if (!j) continue;
        judgedCount += 1;
        reasons.set(`${j.right}: ${j.why}`, (reasons.get(`${j.right}: ${j.why}`) || 0) + 1);
      }
      for (const [reason, n] of reasons) push(`  - judged (${n} place${n === 1 ? '' : 's'}), right: ${reason}`);
    }
  }
  push();
  push(`Judged so far: ${judgedCount} of the ${disagreeing} disagreeing places (\`xtask/tools/peers/judgements.json\`).`);
  push();
  const score = accuracy(pairs, judgedList);
  push('## Accuracy where the answer is known');
  push();
  push('A place is breaking by judgement when every tool that ran reports it, or');
  push('when a judged disagreement says so; it is not when no tool reports it, or');
  push('a judged disagreement says so. A pair\'s answer is known when every place');
  push('any tool reports is settled that way; its verdict is breaking when any');
  push('place is. A breaking place that no tool reports is not counted: this');
  push('measures the diff against the union of three tools, not against truth.');
  push();
  push(`- Pairs whose answer is known: ${score.known} of ${pairs.length}.`);
  push(`- xone's verdict is right on ${score.right} of them (${pct(score.right, score.known)}).`);
  push(`- xone reports ${score.found} of the ${score.breaking} judged breaking places (${pct(score.found, score.breaking)}), with ${score.falseAlarms} false alarm${score.falseAlarms === 1 ? '' : 's'}.`);
  for (const m of score.misses) push(`  - missed: ${m}`);
  for (const f of score.falseList) push(`  - false alarm: ${f}`);
  for (const w of score.wrong) push(`  - verdict wrong: ${w}`);
  return lines.join('\n') + '\n';
}

function pct(a, b) {
  return b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a';
}

// The diff's verdict and places against the judged answer, over the pairs
// where every place any tool reports is settled: by all tools that ran
// agreeing, or by a judgement of the disagreement.
function accuracy(pairs, judgedList) {
  const score = { known: 0, right: 0, breaking: 0, found: 0, falseAlarms: 0, misses: [], falseList: [], wrong: [] };
  for (const { id, results } of pairs) {
    const x = results.xone;
    if (x.error) continue;
    const peers = TOOLS.slice(1).map(([name]) => [name, results[name]]).filter(([, r]) => !r.error);
    if (!peers.length) continue;
    const all = new Set([...x.places, ...peers.flatMap(([, r]) => [...r.places])]);
    const truth = new Map();
    let known = true;
    for (const place of all) {
      const split = peers.filter(([, r]) => r.places.has(place) !== x.places.has(place));
      if (!split.length) {
        truth.set(place, x.places.has(place));
        continue;
      }
      const j = split.map(([name]) => judged(judgedList, id, name, place)).find(Boolean);
      if (!j) {
        known = false;
        break;
      }
      const says = j.right === 'xone' ? x.places.has(place) : j.right === 'neither' ? false : results[j.right].places.has(place);
      truth.set(place, says);
    }
    if (!known) continue;
    score.known += 1;
    const breaking = [...truth.values()].some(Boolean);
    if ((verdict(x) === 'breaking') === breaking) score.right += 1;
    else score.wrong.push(`${id} (xone ${verdict(x)}, judged ${breaking ? 'breaking' : 'none'})`);
    for (const [place, isBreaking] of truth) {
      if (isBreaking) {
        score.breaking += 1;
        if (x.places.has(place)) score.found += 1;
        else score.misses.push(`${id} \`${place}\``);
      } else if (x.places.has(place)) {
        score.falseAlarms += 1;
        score.falseList.push(`${id} \`${place}\``);
      }
    }
  }
  return score;
}

async function main() {
  const o = options(process.argv.slice(2));
  if (!fs.existsSync(o.corpus)) {
    console.error(`error: ${o.corpus} is not there: the spec histories live in the shared folder beside the repository (or set XONE_SHARED)`);
    process.exit(2);
  }
  if (!fs.existsSync(o.xtask)) {
    console.error(`error: ${o.xtask} is not there: run \`cargo build --release -p xtask\` first, or pass --xtask`);
    process.exit(2);
  }
  const ids = fs.readdirSync(o.corpus)
    .filter((d) => /^\d\d-/.test(d) && fs.statSync(path.join(o.corpus, d)).isDirectory())
    .filter((d) => !o.only || o.only.has(d))
    .sort();
  const pairs = [];
  const cache = readCache(o);
  for (const id of ids) {
    const pair = await onePair(o, id, cache);
    console.log(pairLine(pair));
    pairs.push(pair);
  }
  const text = report(o, pairs);
  const totals = text.slice(text.indexOf('## Totals'), text.indexOf('## Where'));
  console.log(`\n${totals.trim()}`);
  if (o.markdown) {
    // What follows KEPT in the file is written by other measurements (the
    // cargo-semver-checks agreement) and kept as it is.
    const KEPT = '\n## cargo-semver-checks beside the Rust lens';
    const old = fs.existsSync(o.markdown) ? fs.readFileSync(o.markdown, 'utf8') : '';
    const kept = old.includes(KEPT) ? old.slice(old.indexOf(KEPT)) : '';
    const tmp = `${o.markdown}.tmp`;
    fs.writeFileSync(tmp, text + kept);
    fs.renameSync(tmp, o.markdown);
  }
}

main().catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(2);
});
