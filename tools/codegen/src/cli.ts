import { parseArgs } from 'node:util';
import { ConfigError } from './config.js';
import { generate, isClean, type GenerateOutcome } from './generate.js';
import { SpecError } from './load/spec-error.js';
import { watchAndGenerate } from './watch.js';

/** Exit codes: 0 done or clean, 1 generated files differ from the spec (check), 2 the spec or config is broken. */
export const EXIT = { ok: 0, drift: 1, broken: 2 } as const;

const USAGE = `Usage: pnpm generate [--check] [--watch] [--root DIR]
  (no flag)  write the generated files that differ from the spec, delete orphans
  --check    write nothing; list stale, missing and orphaned files; exit 1 on drift
  --watch    regenerate whenever the spec or the config changes; a broken save keeps the last good output
  --root     the repository root (default: the current folder)`;

export function main(argv: readonly string[]): number | 'watching' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { check: { type: 'boolean' }, watch: { type: 'boolean' }, root: { type: 'string' }, help: { type: 'boolean' } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return EXIT.broken;
  }
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const root = values.root ?? process.cwd();
  if (values.watch) {
    watchAndGenerate(root, runOnce);
    return 'watching';
  }
  return runOnce(root, values.check === true);
}

/** One run with its summary; spec and config problems become messages, never stack traces. */
export function runOnce(root: string, check = false): number {
  const started = performance.now();
  let outcome: GenerateOutcome;
  try {
    outcome = generate(root, { check });
  } catch (error) {
    if (error instanceof SpecError || error instanceof ConfigError) {
      console.error(`codegen: ${error.message}\ncodegen: nothing was written.`);
      return EXIT.broken;
    }
    throw error;
  }
  const elapsed = `${Math.round(performance.now() - started)} ms`;
  return check ? reportCheck(outcome, elapsed) : reportWrite(outcome, elapsed);
}

function reportCheck({ diff }: GenerateOutcome, elapsed: string): number {
  if (isClean(diff)) {
    console.log(`codegen --check: ${diff.files.length} files match the spec (${elapsed})`);
    return EXIT.ok;
  }
  for (const file of diff.files) if (file.status !== 'unchanged') console.error(`  ${file.status.padEnd(8)} ${file.path}`);
  for (const path of diff.orphans) console.error(`  orphaned ${path}`);
  console.error('codegen --check: the generated files differ from the spec; run `pnpm generate`.');
  return EXIT.drift;
}

function reportWrite({ applied }: GenerateOutcome, elapsed: string): number {
  const { written = 0, unchanged = 0, deleted = 0 } = applied ?? {};
  console.log(`codegen: ${written} written, ${unchanged} unchanged, ${deleted} deleted (${elapsed})`);
  return EXIT.ok;
}
