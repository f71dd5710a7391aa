import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../host/paths';
import { until } from './until';

/** Process ids and process groups of every running process, from /proc (Linux, where the tests run). */
function processTable(): Array<{ pid: number; ppid: number; pgid: number }> {
  const table: Array<{ pid: number; ppid: number; pgid: number }> = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(path.join('/proc', entry, 'stat'), 'utf8');
      // The command name is in parentheses and may hold spaces; the fields after it are fixed.
      const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // A zombie has ended; only its parent (or init) has yet to collect its exit status.
      if (state !== 'Z') table.push({ pid: Number(entry), ppid: Number(ppid), pgid: Number(pgid) });
    } catch {
      // The process ended while the table was read.
    }
  }
  return table;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  test(`npm run demo stopped with ${signal} stops code-server and everything it started (issue 10)`, async () => {
    const demo = spawn(process.execPath, [path.join(repoRoot, 'out', 'test', 'demo.js'), '--port', '0'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    demo.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await until(() => output.includes('Press Ctrl+C to stop.') || demo.exitCode !== null, 'the demo to start', 120_000);
      assert.ok(output.includes('Press Ctrl+C to stop.'), output);
      const children = processTable().filter((entry) => entry.ppid === demo.pid);
      const groups = new Set(children.map((entry) => entry.pgid).filter((pgid) => pgid !== demo.pid));
      assert.ok(groups.size > 0, `code-server runs in its own process group: ${JSON.stringify(children)}`);
      demo.kill(signal);
      await exited(demo);
      const left = processTable().filter((entry) => groups.has(entry.pgid) || entry.ppid === demo.pid);
      assert.deepEqual(left, [], `processes left behind after ${signal}:\n${output}`);
    } finally {
      if (demo.exitCode === null && demo.signalCode === null) demo.kill('SIGKILL');
    }
  });
}
