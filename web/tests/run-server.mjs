#!/usr/bin/env node
// Starts the server for the browser tests and relays its output, minus the per-request access-log
// lines of successful requests (one JSON line per request would bury test failures). Lines of
// server errors (status 5xx) and everything else pass through. Signals are forwarded to the server.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const [binary, ...args] = process.argv.slice(2);
if (!binary) {
  console.error('usage: run-server.mjs BINARY ARGS…');
  process.exit(2);
}
const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
const ACCESS = /"duration_us":/;
const SERVER_ERROR = /"status":5\d\d/;
for (const [from, to] of [
  [child.stdout, process.stdout],
  [child.stderr, process.stderr],
]) {
  createInterface({ input: from }).on('line', (line) => {
    if (!ACCESS.test(line) || SERVER_ERROR.test(line)) to.write(`${line}\n`);
  });
}
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`cannot start ${binary}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
