// The process entry: kept apart from cli.ts so tests can call main() without exiting.
import { main } from './cli.js';

const code = main(process.argv.slice(2));
if (code !== 'watching') process.exitCode = code;
