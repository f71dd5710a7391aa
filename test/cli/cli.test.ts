import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { CliOutput } from '../../src/cli/output';
import { runWrite } from '../../src/cli/write';
import { diffFileWithTavus } from '../../src/core/personaFile';
import { TavusClient } from '../../src/tavus/client';
import { HttpTransport } from '../../src/tavus/http';
import { makeScratchDir, repoRoot } from '../host/paths';
import { FIXTURE_IDS } from '../server/fixtures';
import { startTavusServer, type TavusServer } from '../server/tavusServer';

/** The built bundle, as `npm install -g` would run it (npm test builds it first). */
const CLI = path.join(repoRoot, 'dist', 'cli.js');
const API_KEY = 'cli-e2e-key-5b1d93';
const LLM_KEY = 'sk-planted-7f3a9c0e51';
const HEADER_TOKEN = 'tok-planted-2d8e44b9';
const ROTATED_KEY = 'sk-rotated-90c1e7aa3f';
/** Nothing the CLI prints may contain any of these. */
const SECRETS = [API_KEY, LLM_KEY, HEADER_TOKEN, ROTATED_KEY];
const SECRET_ENV = {
  TAVUS_LLM_API_KEY: LLM_KEY,
  TAVUS_LLM_HEADERS_AUTHORIZATION: `Bearer ${HEADER_TOKEN}`,
  TAVUS_TTS_API_KEY: 'el-REDACTED',
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let server: TavusServer;
let scratch: string;

/** Spawns the CLI with stdin a pipe (not a terminal) and checks that no secret reached its output. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(
    process.execPath,
    [CLI, ...args, ...(args.some((arg) => arg.startsWith('--base-url')) ? [] : ['--base-url', server.url])],
    {
      cwd: scratch,
      env: { PATH: process.env.PATH ?? '', TAVUS_API_KEY: API_KEY, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return closed.then((code) => {
    for (const secret of SECRETS) {
      assert.equal(stdout.includes(secret), false, `stdout of ${args.join(' ')} shows a secret:\n${stdout}`);
      assert.equal(stderr.includes(secret), false, `stderr of ${args.join(' ')} shows a secret:\n${stderr}`);
    }
    return { code, stdout, stderr };
  });
}

function patches(): number {
  return server.requests.filter((request) => request.method === 'PATCH').length;
}

const personaFile = () => path.join(scratch, 'clinic.persona.json');

function editFile(edit: (file: any) => void): void {
  const file = JSON.parse(fs.readFileSync(personaFile(), 'utf8'));
  edit(file);
  fs.writeFileSync(personaFile(), JSON.stringify(file, null, 2));
}

before(async () => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: run npm run build first`);
  server = await startTavusServer({ apiKey: API_KEY });
});

after(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
  server.updateAsOtherClient(FIXTURE_IDS.maximal, [
    { op: 'replace', path: '/layers/llm/api_key', value: LLM_KEY },
    { op: 'replace', path: '/layers/llm/headers/Authorization', value: `Bearer ${HEADER_TOKEN}` },
  ]);
  server.requests.length = 0;
  scratch = makeScratchDir('tavus-cli');
});

afterEach(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('tavus-personas list', () => {
  it('lists every page, with progress on stderr', async () => {
    const human = await cli(['list']);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, new RegExp(`^${FIXTURE_IDS.maximal}\\s+user\\s+Clinic Intake$`, 'm'));
    assert.match(human.stdout, /^261 personas$/m);
    assert.match(human.stderr, /Listing personas… 100 of 261/);

    const machine = await cli(['list', '--json']);
    assert.equal(machine.code, 0);
    const { personas, totalCount } = JSON.parse(machine.stdout);
    assert.equal(personas.length, 261);
    assert.equal(totalCount, 261);
  });
});

describe('tavus-personas pull, diff, push', () => {
  it('pulls a persona to a file with its secrets as ${env:…} references', async () => {
    const run = await cli(['pull', FIXTURE_IDS.maximal, '--out', personaFile()]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /\/layers\/llm\/api_key → \$\{env:TAVUS_LLM_API_KEY\}/);
    const file = JSON.parse(fs.readFileSync(personaFile(), 'utf8'));
    assert.deepEqual(file.$tavus, { ids: { default: FIXTURE_IDS.maximal } });
    assert.equal(file.persona_id, undefined);
    assert.equal(file.updated_at, undefined);
    assert.equal(file.layers.llm.api_key, '${env:TAVUS_LLM_API_KEY}');

    const toStdout = await cli(['pull', FIXTURE_IDS.maximal]);
    assert.equal(toStdout.code, 0);
    assert.deepEqual(JSON.parse(toStdout.stdout), file);
  });

  it('diffs: 0 when the file matches, 1 with the ops when it does not, 2 when a variable is missing', async () => {
    await cli(['pull', FIXTURE_IDS.maximal, '--out', personaFile()]);
    const same = await cli(['diff', personaFile()], SECRET_ENV);
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stdout, /No changes: "Clinic Intake"/);

    editFile((file) => (file.system_prompt = 'Collect intake data, briefly.'));
    const changed = await cli(['diff', personaFile()], SECRET_ENV);
    assert.equal(changed.code, 1, changed.stderr);
    assert.match(changed.stdout, /1 change to "Clinic Intake"/);
    assert.match(changed.stdout, /replace \/system_prompt = "Collect intake data, briefly\."/);

    const json = await cli(['diff', personaFile(), '--json'], SECRET_ENV);
    assert.equal(json.code, 1);
    assert.deepEqual(JSON.parse(json.stdout).ops, [
      { op: 'replace', path: '/system_prompt', value: 'Collect intake data, briefly.' },
    ]);

    const missing = await cli(['diff', personaFile()], { TAVUS_LLM_API_KEY: LLM_KEY });
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /Not set in the environment: TAVUS_LLM_HEADERS_AUTHORIZATION \(for \/layers\/llm\/headers\/Authorization\)/,
    );
    assert.equal(patches(), 0);
  });

  it('never asks without a terminal: push without --yes refuses, --dry-run only shows', async () => {
    await cli(['pull', FIXTURE_IDS.maximal, '--out', personaFile()]);
    editFile((file) => (file.context = 'Open 7-19.'));
    const refused = await cli(['push', personaFile()], SECRET_ENV);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /stdin is not a terminal.*Pass --yes to send, or --dry-run/);
    const dry = await cli(['push', personaFile(), '--dry-run'], SECRET_ENV);
    assert.equal(dry.code, 1);
    assert.match(dry.stdout, /replace \/context = "Open 7-19\."/);
    assert.equal(patches(), 0);
  });

  it('pushes with a guarded PATCH, re-reads, and then finds nothing to push', async () => {
    await cli(['pull', FIXTURE_IDS.maximal, '--out', personaFile()]);
    editFile((file) => (file.context = 'Open 7-19.'));
    const pushed = await cli(['push', personaFile(), '--yes'], SECRET_ENV);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /Pushed "Clinic Intake" \(1 change\)\./);
    assert.equal(server.getStored(FIXTURE_IDS.maximal)?.context, 'Open 7-19.');
    const patch = server.requests.find((request) => request.method === 'PATCH');
    assert.equal(JSON.parse(patch?.body ?? '[]')[0]?.path, '/updated_at');
    // The key was sent, resolved from the environment, and never shown.
    assert.equal((server.getStored(FIXTURE_IDS.maximal)?.layers as any).llm.api_key, LLM_KEY);

    const again = await cli(['push', personaFile(), '--yes', '--json'], SECRET_ENV);
    assert.equal(again.code, 0);
    assert.equal(JSON.parse(again.stdout).result, 'noChanges');
    assert.equal(patches(), 1);
  });

  it('rotates a key from the environment without printing either key', async () => {
    await cli(['pull', FIXTURE_IDS.maximal, '--out', personaFile()]);
    const env = { ...SECRET_ENV, TAVUS_LLM_API_KEY: ROTATED_KEY };
    const diff = await cli(['diff', personaFile()], env);
    assert.equal(diff.code, 1);
    assert.match(diff.stdout, /replace \/layers\/llm\/api_key = "\[redacted\]"/);
    const pushed = await cli(['push', personaFile(), '--yes', '--json'], env);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.equal(JSON.parse(pushed.stdout).ops[0].value, '[redacted]');
    assert.equal((server.getStored(FIXTURE_IDS.maximal)?.layers as any).llm.api_key, ROTATED_KEY);
  });

  it('picks the id of --connection, and says which connections a file names', async () => {
    await cli(['pull', FIXTURE_IDS.maximal, '--out', personaFile(), '--connection', 'staging']);
    const file = JSON.parse(fs.readFileSync(personaFile(), 'utf8'));
    assert.deepEqual(file.$tavus.ids, { staging: FIXTURE_IDS.maximal });
    assert.equal((await cli(['diff', personaFile(), '--connection', 'staging'], SECRET_ENV)).code, 0);
    const other = await cli(['diff', personaFile(), '--connection', 'production'], SECRET_ENV);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /no persona id for connection "production".*It names "staging"/);

    // Pulling another connection's copy into the same file keeps staging's id beside it.
    const production = await cli(['pull', FIXTURE_IDS.maximal, '--out', personaFile(), '--connection', 'production']);
    assert.equal(production.code, 0, production.stderr);
    assert.deepEqual(JSON.parse(fs.readFileSync(personaFile(), 'utf8')).$tavus.ids, {
      staging: FIXTURE_IDS.maximal,
      production: FIXTURE_IDS.maximal,
    });
  });

  it('leaves a file it cannot read as a persona file as it is', async () => {
    fs.writeFileSync(personaFile(), '{ "persona_name": "half-typed", }');
    const run = await cli(['pull', FIXTURE_IDS.maximal, '--out', personaFile()]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /exists but cannot be read as a persona file, so it was left as it is: .*line 1, column/);
    assert.equal(fs.readFileSync(personaFile(), 'utf8'), '{ "persona_name": "half-typed", }');
  });

  it("reports a failed PATCH in the extension's words, with exit code 2", async () => {
    await cli(['pull', FIXTURE_IDS.maximal, '--out', personaFile()]);
    editFile((file) => (file.context = 'Closed.'));
    server.injectFault({ match: { method: 'PATCH' }, status: 500 });
    const failed = await cli(['push', personaFile(), '--yes', '--json'], SECRET_ENV);
    assert.equal(failed.code, 2);
    assert.match(failed.stderr, /^Not sent: Tavus answered 500 .*The file is unchanged\.$/m);
    assert.match(JSON.parse(failed.stdout).error, /Tavus answered 500/);
  });
});

describe('tavus-personas apply', () => {
  it('applies a patch file once, then has nothing to do; a file without a target is an error', async () => {
    const patchFile = path.join(scratch, 'context.tavus-patch.json');
    fs.writeFileSync(
      patchFile,
      `// tavus-persona: ${FIXTURE_IDS.onboarding}\n[\n  // a comment, as patch files allow\n  { "op": "replace", "path": "/context", "value": "From the CLI." }\n]\n`,
    );
    const dry = await cli(['apply', patchFile, '--dry-run']);
    assert.equal(dry.code, 1);
    assert.equal(patches(), 0);
    const applied = await cli(['apply', patchFile, '--yes']);
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /Applied the patch to "Onboarding Guide" \(1 change\)\./);
    assert.equal(server.getStored(FIXTURE_IDS.onboarding)?.context, 'From the CLI.');
    const again = await cli(['apply', patchFile, '--yes', '--json']);
    assert.equal(again.code, 0);
    assert.equal(JSON.parse(again.stdout).result, 'noChanges');

    fs.writeFileSync(patchFile, '[{ "op": "replace", "path": "/context", "value": "x" }]');
    const headless = await cli(['apply', patchFile, '--yes']);
    assert.equal(headless.code, 2);
    assert.match(headless.stderr, /Name the target persona on the first line/);
  });
});

describe('tavus-personas errors', () => {
  it('refuses plain http to another host, a missing key, and a key Tavus refuses, without printing it', async () => {
    const insecure = await cli(['list', '--base-url', 'http://example.com']);
    assert.equal(insecure.code, 2);
    assert.match(insecure.stderr, /must use https.*Check --base-url/);

    const noKey = await cli(['list', '--api-key-env', 'NO_SUCH_KEY']);
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /No Tavus API key: set NO_SUCH_KEY/);

    const refused = await cli(['list'], { TAVUS_API_KEY: 'wrong-key-1234' });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /Tavus answered 401/);
    assert.equal(refused.stderr.includes('wrong-key-1234'), false);

    const usage = await cli(['push']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /"push" needs a file/);
  });
});

/**
 * runWrite in this process, over the real client and server: the terminal is the one part a spawned
 * child cannot have, so the question is answered by a stand-in that records it.
 */
describe('the CLI write transaction', () => {
  let transport: HttpTransport;
  let api: TavusClient;
  let stdout: string;
  let stderr: string;

  beforeEach(() => {
    transport = new HttpTransport({ settings: async () => ({ baseUrl: server.url, apiKey: API_KEY, timeoutMs: 5_000 }) });
    api = new TavusClient(transport, { pageSize: () => 100 });
    stdout = '';
    stderr = '';
  });

  afterEach(() => transport.dispose());

  function output(json: boolean): CliOutput {
    const streams = { stdout: new PassThrough(), stderr: new PassThrough() };
    streams.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    streams.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new CliOutput(streams, json);
  }

  async function contextChange(value: string) {
    const origin = await api.getPersona(FIXTURE_IDS.onboarding);
    const { edited, ops } = diffFileWithTavus(origin, { ...origin, context: value });
    const action = { done: 'Pushed', kept: 'The file is unchanged.' };
    return { id: FIXTURE_IDS.onboarding, label: 'Onboarding Guide', action, origin, edited, ops };
  }

  it('sends nothing when Tavus moved since the comparison, naming both values', async () => {
    const write = await contextChange('Ours.');
    server.updateAsOtherClient(FIXTURE_IDS.onboarding, [{ op: 'replace', path: '/context', value: 'Theirs.' }]);
    const asker = { stdinIsTty: false, ask: () => assert.fail('no terminal to ask') };
    const result = await runWrite(api, write, { dryRun: false, yes: true }, asker, output(false));
    assert.equal(result.kind, 'error');
    assert.match(
      result.kind === 'error' ? result.message : '',
      /^"Onboarding Guide" changed on Tavus since you opened it\. Nothing was sent\. Both changed: \/context — yours: "Ours\.", Tavus now: "Theirs\."/,
    );
    assert.match(stdout, /replace \/context = "Ours\."/);
    assert.equal(patches(), 0);
    assert.equal(server.getStored(FIXTURE_IDS.onboarding)?.context, 'Theirs.');
  });

  it('on a terminal asks after listing the ops: no sends nothing, yes sends', async () => {
    const questions: string[] = [];
    const answering = (answer: boolean) => ({
      stdinIsTty: true,
      ask: async (question: string) => {
        questions.push(question);
        return answer;
      },
    });
    const declined = await runWrite(
      api,
      await contextChange('Asked.'),
      { dryRun: false, yes: false },
      answering(false),
      output(false),
    );
    assert.equal(declined.kind, 'declined');
    assert.deepEqual(questions, ['Apply 1 change to "Onboarding Guide" on Tavus?']);
    assert.match(stdout, /replace \/context = "Asked\."/);
    assert.equal(patches(), 0);

    // With --json the ops go to stderr, so stdout stays one JSON value.
    stdout = '';
    const applied = await runWrite(
      api,
      await contextChange('Asked.'),
      { dryRun: false, yes: false },
      answering(true),
      output(true),
    );
    assert.equal(applied.kind, 'applied');
    assert.equal(stdout, '');
    assert.match(stderr, /replace \/context = "Asked\."/);
    assert.equal(server.getStored(FIXTURE_IDS.onboarding)?.context, 'Asked.');
  });
});
