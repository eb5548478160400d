// Generator speed: `pnpm generate` on the real spec against `openapi-generator generate -g
// typescript-fetch` on the same spec, measured in the same run. Each command runs once to warm
// up (discarded), then RUNS times; the table shows the median, min and max wall time.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET_RATIO = 0.6;
const root = join(import.meta.dirname, '..');
const { spec } = JSON.parse(readFileSync(join(root, 'codegen.config.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'bench-generate-'));

/** A copy of what the generator reads, so that the "full write" case can start from nothing. */
function prepareFullWriteRoot() {
  const target = join(scratch, 'repo');
  for (const path of ['codegen.config.json', spec, 'packages/types/package.json', '.changeset/config.json']) {
    cpSync(join(root, path), join(target, path), { recursive: true });
  }
  return target;
}

const fullWriteRoot = prepareFullWriteRoot();
const cases = [
  {
    name: '`pnpm generate` (repo, up to date)',
    command: ['pnpm', ['generate']],
  },
  {
    name: 'generator, full write (empty output)',
    before: () => rmSync(join(fullWriteRoot, 'packages/types/src'), { recursive: true, force: true }),
    command: [process.execPath, [join(root, 'tools/codegen/bin/generate.mjs'), '--root', fullWriteRoot]],
  },
  {
    name: 'openapi-generator 4.3.1 typescript-fetch (peer)',
    peer: true,
    before: () => rmSync(join(scratch, 'ts-fetch'), { recursive: true, force: true }),
    command: [join(root, 'node_modules/.bin/openapi-generator'), ['generate', '-i', spec, '-g', 'typescript-fetch', '-o', join(scratch, 'ts-fetch')]],
  },
];

function timeOnce({ before, command: [file, args] }) {
  before?.();
  const started = process.hrtime.bigint();
  const result = spawnSync(file, args, { cwd: root, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return seconds;
}

function measure(benchCase) {
  timeOnce(benchCase); // warm-up, discarded
  const times = Array.from({ length: RUNS }, () => timeOnce(benchCase)).sort((a, b) => a - b);
  return { ...benchCase, median: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1) };
}

try {
  const results = cases.map(measure);
  const peer = results.find((r) => r.peer);
  console.log(`\nGenerator speed, ${RUNS} runs each after one discarded warm-up (node ${process.version})\n`);
  console.log('| command | median | min | max | ratio to peer |');
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.name} | ${r.median.toFixed(3)} s | ${r.min.toFixed(3)} s | ${r.max.toFixed(3)} s | ${(r.median / peer.median).toFixed(2)}× |`);
  }
  const ours = results.filter((r) => !r.peer);
  const worst = Math.max(...ours.map((r) => r.median / peer.median));
  console.log(`\nTarget: at most ${TARGET_RATIO}× the peer. Worst of ours: ${worst.toFixed(2)}× → ${worst <= TARGET_RATIO ? 'met' : 'NOT met'}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
