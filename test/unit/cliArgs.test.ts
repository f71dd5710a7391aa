import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { confirmationFor, EXIT, exitCodeFor, parseCommandLine, type CliArgs } from '../../src/cli/args';

function args(argv: string[]): CliArgs {
  const parsed = parseCommandLine(argv);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
  return parsed.args;
}

function failure(argv: string[]): string {
  const parsed = parseCommandLine(argv);
  assert.equal(parsed.ok, false, argv.join(' '));
  return parsed.ok ? '' : parsed.message;
}

describe('parseCommandLine', () => {
  it('reads each command with its operand and defaults', () => {
    assert.deepEqual(args(['diff', 'a.persona.json']), {
      command: { name: 'diff', file: 'a.persona.json', connection: 'default' },
      json: false,
      baseUrl: 'https://tavusapi.com',
      apiKeyEnv: 'TAVUS_API_KEY',
    });
    assert.deepEqual(args(['push', 'a.json', '--connection', 'production', '--yes']).command, {
      name: 'push',
      file: 'a.json',
      connection: 'production',
      dryRun: false,
      yes: true,
    });
    assert.deepEqual(args(['pull', 'p123', '--out', 'x.persona.json']).command, {
      name: 'pull',
      id: 'p123',
      connection: 'default',
      out: 'x.persona.json',
    });
    assert.deepEqual(args(['apply', 'fix.tavus-patch.json', '--dry-run']).command, {
      name: 'apply',
      file: 'fix.tavus-patch.json',
      dryRun: true,
      yes: false,
    });
    assert.deepEqual(args(['list']).command, { name: 'list' });
  });

  it('takes the global options anywhere on the line', () => {
    const parsed = args(['--json', 'list', '--base-url=http://127.0.0.1:9000', '--api-key-env', 'STAGING_KEY']);
    assert.equal(parsed.json, true);
    assert.equal(parsed.baseUrl, 'http://127.0.0.1:9000');
    assert.equal(parsed.apiKeyEnv, 'STAGING_KEY');
  });

  it('shows help for no command, help and --help', () => {
    for (const argv of [[], ['help'], ['--help'], ['diff', '-h']]) assert.equal(args(argv).command.name, 'help', argv.join(' '));
  });

  it('refuses what it does not understand, and points at --help', () => {
    const cases: Array<[string[], RegExp]> = [
      [['frob'], /Unknown command "frob"/],
      [['diff'], /"diff" needs a file/],
      [['pull'], /"pull" needs a persona id/],
      [['list', 'extra'], /Unexpected argument "extra"/],
      [['diff', 'a', 'b'], /Unexpected argument "b"/],
      [['list', '--yes'], /"list" does not take --yes/],
      [['diff', 'a', '--dry-run'], /"diff" does not take --dry-run/],
      [['apply', 'a', '--connection', 'x'], /"apply" does not take --connection/],
      [['push', 'a', '--frob'], /Unknown option '--frob'/],
      [['list', '--api-key-env', 'not a name'], /--api-key-env needs a variable name/],
      [['diff', 'a', '--connection', ' '], /--connection needs a name/],
      [['pull', 'p1', '--out', ''], /--out needs a file name/],
    ];
    for (const [argv, expected] of cases) {
      const message = failure(argv);
      assert.match(message, expected, argv.join(' '));
      assert.match(message, /tavus-personas --help/);
    }
  });
});

describe('exit codes', () => {
  it('are 0 for nothing to do or done, 1 for changes left unsent, 2 for errors', () => {
    assert.deepEqual(EXIT, { ok: 0, changes: 1, error: 2 });
    assert.equal(exitCodeFor('noChanges'), 0);
    assert.equal(exitCodeFor('applied'), 0);
    assert.equal(exitCodeFor('done'), 0);
    assert.equal(exitCodeFor('changesFound'), 1);
    assert.equal(exitCodeFor('declined'), 1);
    assert.equal(exitCodeFor('error'), 2);
  });
});

describe('confirmationFor', () => {
  it('never asks without a terminal: --yes sends, --dry-run only shows, neither refuses', () => {
    assert.equal(confirmationFor({ dryRun: false, yes: false }, false), 'refuse');
    assert.equal(confirmationFor({ dryRun: false, yes: true }, false), 'send');
    assert.equal(confirmationFor({ dryRun: true, yes: true }, false), 'dryRun');
    assert.equal(confirmationFor({ dryRun: false, yes: false }, true), 'ask');
    assert.equal(confirmationFor({ dryRun: false, yes: true }, true), 'send');
  });
});
