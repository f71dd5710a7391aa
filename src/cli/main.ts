import { runCli } from './run';

// The bundle's entry (dist/cli.js, the package's `tavus-personas` bin).
void runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
}).then((code) => {
  process.exitCode = code;
});
