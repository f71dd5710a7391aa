import { parseArgs } from 'node:util';
import { DEFAULT_CONNECTION, isEnvName } from '../core/personaFile';
import { DEFAULT_BASE_URL } from '../tavus/baseUrl';

export type CliCommand =
  | { name: 'diff'; file: string; connection: string }
  | { name: 'push'; file: string; connection: string; dryRun: boolean; yes: boolean }
  | { name: 'pull'; id: string; connection: string; out?: string }
  | { name: 'apply'; file: string; dryRun: boolean; yes: boolean }
  | { name: 'list' }
  | { name: 'help' };

export interface CliArgs {
  command: CliCommand;
  json: boolean;
  baseUrl: string;
  /** The environment variable that holds the API key. */
  apiKeyEnv: string;
}

export type ParsedArgs = { ok: true; args: CliArgs } | { ok: false; message: string };

export const USAGE = `Usage: tavus-personas <command> [options]

Commands:
  diff <file> [--connection NAME]            compare a *.persona.json file with Tavus's copy
  push <file> [--connection NAME] [--dry-run] [--yes]
                                             make Tavus's copy match the file (guarded PATCH)
  pull <id> [--connection NAME] [--out FILE] write a persona as a persona file (stdout without --out)
  apply <patch-file> [--dry-run] [--yes]     apply a *.tavus-patch.json file to the persona it names
  list                                       list the account's personas

Options:
  --api-key-env NAME   read the API key from this variable (default TAVUS_API_KEY)
  --base-url URL       Tavus API base URL (https; plain http only for localhost; default ${DEFAULT_BASE_URL})
  --connection NAME    which id of the file's "$tavus.ids" to use (default "${DEFAULT_CONNECTION}")
  --json               machine-readable output on stdout
  --dry-run            show what push/apply would send, send nothing
  --yes                send without asking (required when stdin is not a terminal)

Exit codes: 0 no changes or applied, 1 changes found (not applied), 2 error.`;

/** Which options each command takes besides the global ones. */
const COMMAND_OPTIONS: Record<Exclude<CliCommand['name'], 'help'>, { operand?: string; options: string[] }> = {
  diff: { operand: 'file', options: ['connection'] },
  push: { operand: 'file', options: ['connection', 'dry-run', 'yes'] },
  pull: { operand: 'persona id', options: ['connection', 'out'] },
  apply: { operand: 'patch file', options: ['dry-run', 'yes'] },
  list: { options: [] },
};

const GLOBAL_OPTIONS = ['json', 'base-url', 'api-key-env', 'help'];

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        'base-url': { type: 'string', default: DEFAULT_BASE_URL },
        'api-key-env': { type: 'string', default: 'TAVUS_API_KEY' },
        connection: { type: 'string', default: DEFAULT_CONNECTION },
        out: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      tokens: true,
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals, tokens } = parsed;
  const global = { json: values.json, baseUrl: values['base-url'], apiKeyEnv: values['api-key-env'] };
  const [name, operand, ...extra] = positionals;
  if (values.help || name === 'help' || name === undefined) return { ok: true, args: { ...global, command: { name: 'help' } } };
  if (!(name in COMMAND_OPTIONS)) return fail(`Unknown command "${name}".`);
  const spec = COMMAND_OPTIONS[name as keyof typeof COMMAND_OPTIONS];
  const misplaced = tokens.find(
    (token) => token.kind === 'option' && !GLOBAL_OPTIONS.includes(token.name) && !spec.options.includes(token.name),
  );
  if (misplaced?.kind === 'option') return fail(`"${name}" does not take --${misplaced.name}.`);
  if (spec.operand !== undefined && operand === undefined) return fail(`"${name}" needs a ${spec.operand}.`);
  const unexpected = spec.operand === undefined ? [operand, ...extra] : extra;
  if (unexpected[0] !== undefined) return fail(`Unexpected argument "${unexpected[0]}".`);
  if (!isEnvName(global.apiKeyEnv)) return fail(`--api-key-env needs a variable name, got "${global.apiKeyEnv}".`);
  if (values.connection.trim() === '') return fail('--connection needs a name.');
  if (values.out === '') return fail('--out needs a file name.');
  const command = commandOf(name as keyof typeof COMMAND_OPTIONS, operand ?? '', values);
  return { ok: true, args: { ...global, command } };
}

interface OptionValues {
  connection: string;
  out?: string;
  'dry-run': boolean;
  yes: boolean;
}

function commandOf(name: keyof typeof COMMAND_OPTIONS, operand: string, values: OptionValues): CliCommand {
  const connection = values.connection.trim();
  const write = { dryRun: values['dry-run'], yes: values.yes };
  switch (name) {
    case 'diff':
      return { name, file: operand, connection };
    case 'push':
      return { name, file: operand, connection, ...write };
    case 'pull':
      return { name, id: operand, connection, ...(values.out === undefined ? {} : { out: values.out }) };
    case 'apply':
      return { name, file: operand, ...write };
    case 'list':
      return { name };
  }
}

function fail(message: string): ParsedArgs {
  return { ok: false, message: `${message} Run "tavus-personas --help" for usage.` };
}

export const EXIT = { ok: 0, changes: 1, error: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** How a command ended; each maps to one exit code. */
export type CommandResult = 'noChanges' | 'applied' | 'done' | 'changesFound' | 'declined' | 'error';

export function exitCodeFor(result: CommandResult): ExitCode {
  switch (result) {
    case 'noChanges':
    case 'applied':
    case 'done':
      return EXIT.ok;
    case 'changesFound':
    case 'declined':
      return EXIT.changes;
    case 'error':
      return EXIT.error;
  }
}

/**
 * Whether a write may go ahead: a dry run sends nothing; `--yes` sends; otherwise a terminal is
 * asked, and without one (CI, a pipe) the write is refused rather than waiting for an answer.
 */
export type Confirmation = 'dryRun' | 'send' | 'ask' | 'refuse';

export function confirmationFor(options: { dryRun: boolean; yes: boolean }, stdinIsTty: boolean): Confirmation {
  if (options.dryRun) return 'dryRun';
  if (options.yes) return 'send';
  return stdinIsTty ? 'ask' : 'refuse';
}

export const REFUSE_WITHOUT_TTY =
  'Not sent: stdin is not a terminal, so there is no one to ask. Pass --yes to send, or --dry-run to only show the changes.';
