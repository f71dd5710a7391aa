import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CaseResults } from './diffCases';
import { median } from './measure';
import { countFigure, ratio, type Figure, type Row } from './report';

const REPO = resolve(__dirname, '..', '..');
const REQUIRE_RUNS = 15;
const MAX_REQUIRE_RATIO = 2;
const REQUIRE_GOAL = `require ≤ ${MAX_REQUIRE_RATIO}× undici's`;

/**
 * Whatever the bundle reads from `vscode` while loading is a callable, constructible no-op. esbuild's
 * interop copies a CommonJS module onto an object inheriting from the module's prototype, hence the
 * prototype trap: reads on the copy fall through to the stub.
 */
const VSCODE_STUB = `
const stub = new Proxy(function () {}, {
  get: (_target, key) => (key === '__esModule' ? false : stub),
  getPrototypeOf: () => stub,
  apply: () => stub,
  construct: () => stub,
});
module.exports = stub;
`;

/** The first line a failed child process wrote to stderr, or its error message. */
function childFailure(error: unknown): string {
  const stderr = (error as { stderr?: Buffer | string }).stderr?.toString().trim();
  return stderr
    ? (stderr.split('\n').find((line) => /error/i.test(line)) ?? stderr.split('\n')[0]!).slice(0, 200)
    : (error as Error).message;
}

/**
 * `node esbuild.js --production`, run in a scratch folder whose `src` links to the repository's:
 * the bundle is the production one, but the shared `dist/` that tests and other work use is left alone.
 */
function buildProductionBundle(scratch: string): string {
  symlinkSync(join(REPO, 'src'), join(scratch, 'src'), 'dir');
  try {
    execFileSync(process.execPath, [join(REPO, 'esbuild.js'), '--production'], { cwd: scratch, stdio: 'pipe' });
  } catch (error) {
    throw new Error(`the production build failed: ${childFailure(error)}`);
  }
  const stubFolder = join(scratch, 'node_modules', 'vscode');
  mkdirSync(stubFolder, { recursive: true });
  writeFileSync(join(stubFolder, 'index.js'), VSCODE_STUB);
  return join(scratch, 'dist', 'extension.js');
}

/** Milliseconds a fresh Node process takes to `require` the module (resolved before the clock starts). */
function coldRequireMs(modulePath: string): number {
  const script = `
    const path = require.resolve(${JSON.stringify(modulePath)}, { paths: [${JSON.stringify(REPO)}] });
    const started = process.hrtime.bigint();
    require(path);
    process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
  `;
  try {
    return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch (error) {
    throw new Error(`${modulePath} did not load: ${childFailure(error)}`);
  }
}

function bundleRows(bundle: string): Row[] {
  const bundleMs: number[] = [];
  const undiciMs: number[] = [];
  for (let i = 0; i < REQUIRE_RUNS; i++) {
    bundleMs.push(coldRequireMs(bundle));
    undiciMs.push(coldRequireMs('undici'));
  }
  const subject: Figure = { label: 'require(dist/extension.js)', unit: 'ms', median: median(bundleMs), samples: REQUIRE_RUNS };
  const bound: Figure = { label: "require('undici')", unit: 'ms', median: median(undiciMs), samples: REQUIRE_RUNS };
  return [
    {
      id: '11a',
      title: 'production bundle dist/extension.js: size',
      subject: countFigure('bytes', 'bytes', statSync(bundle).size),
      goal: 'report',
      note: 'node esbuild.js --production (minified; undici and jsonc-parser bundled, vscode external)',
    },
    {
      id: '11b',
      title: 'cold require of the bundle, stub vscode, fresh process',
      subject,
      bound,
      goal: REQUIRE_GOAL,
      met: ratio(subject, bound)! <= MAX_REQUIRE_RATIO,
      note: `median of ${REQUIRE_RUNS} fresh Node processes each, interleaved; module resolution is outside the clock`,
    },
  ];
}

/** Case 11: production bundle size, and its cold load time against undici's alone. */
export function runBundleCase(): CaseResults {
  const scratch = mkdtempSync(join(tmpdir(), 'tavus-bench-'));
  try {
    return { rows: bundleRows(buildProductionBundle(scratch)), failures: [] };
  } catch (error) {
    const note = (error as Error).message;
    return {
      rows: [{ id: '11', title: 'production bundle: size and cold require', goal: `report size; ${REQUIRE_GOAL}`, note }],
      failures: [],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
