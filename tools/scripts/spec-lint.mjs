// Lints the spec with two independent validators: Redocly (recommended rules, none disabled)
// and openapi-generator 4.3.1 (bundled jar, needs Java). Any Redocly problem other than the
// ones the README explains fails the run, so a new warning cannot slip in unnoticed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const { spec } = JSON.parse(readFileSync(join(root, 'codegen.config.json'), 'utf8'));

/** Warnings explained in the README ("Spec lint"): the rule and where it points. */
const EXPLAINED_WARNINGS = [
  { ruleId: 'info-license-strict', pointer: '#/info/license/url' },
  { ruleId: 'no-unused-components', pointer: '#/components/schemas/PolicyDocument' },
];

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.error) throw result.error;
  return result;
}

function redocly() {
  const bin = join(root, 'node_modules', '.bin', 'redocly');
  const env = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  const result = run(bin, ['lint', spec, '--format=json'], env);
  const jsonStart = result.stdout.indexOf('{');
  const report = JSON.parse(result.stdout.slice(jsonStart));
  const problems = report.problems.map((p) => ({ ruleId: p.ruleId, severity: p.severity, pointer: p.location[0]?.pointer, message: p.message }));
  const unexplained = problems.filter((p) => !EXPLAINED_WARNINGS.some((w) => w.ruleId === p.ruleId && w.pointer === p.pointer && p.severity === 'warn'));
  for (const p of problems) console.log(`redocly: ${p.severity} ${p.ruleId} at ${p.pointer}: ${p.message}`);
  if (result.status !== 0 || unexplained.length > 0) {
    console.error(`redocly: ${unexplained.length} problem(s) not explained in the README; exit ${result.status}`);
    return false;
  }
  console.log(`redocly lint: no errors; ${problems.length} explained warning(s)`);
  return true;
}

function openapiGenerator() {
  const bin = join(root, 'node_modules', '.bin', 'openapi-generator');
  const result = run(bin, ['validate', '-i', spec]);
  process.stdout.write(result.stdout.split('\n').map((line) => (line ? `openapi-generator: ${line}` : line)).join('\n'));
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    console.error(`openapi-generator validate: exit ${result.status}`);
    return false;
  }
  return true;
}

const ok = [redocly(), openapiGenerator()].every(Boolean);
process.exitCode = ok ? 0 : 1;
