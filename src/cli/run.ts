import { createInterface } from 'node:readline/promises';
import { collectSecrets } from '../core/redact';
import { SETTING_DEFAULTS } from '../core/settings';
import { parseBaseUrl } from '../tavus/baseUrl';
import { TavusClient } from '../tavus/client';
import { HttpTransport } from '../tavus/http';
import { noticingPersonas } from '../tavus/secretAwareApi';
import { EXIT, exitCodeFor, parseCommandLine, USAGE, type ExitCode } from './args';
import { runCommand } from './commands';
import { CliOutput, type Streams } from './output';
import type { Asker } from './write';

export interface CliProcess extends Streams {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** `tavus-personas …`: runs one command and returns its exit code; never throws. */
export async function runCli(proc: CliProcess): Promise<ExitCode> {
  const parsed = parseCommandLine(proc.argv);
  if (!parsed.ok) {
    proc.stderr.write(`${parsed.message}\n`);
    return EXIT.error;
  }
  const { args } = parsed;
  if (args.command.name === 'help') {
    proc.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const out = new CliOutput(proc, args.json);
  const apiKey = proc.env[args.apiKeyEnv];
  if (apiKey) out.addSecrets([apiKey]);
  let transport: HttpTransport | undefined;
  try {
    parseBaseUrl(args.baseUrl, '--base-url');
    if (!apiKey) {
      throw new Error(
        `No Tavus API key: set ${args.apiKeyEnv}${args.apiKeyEnv === 'TAVUS_API_KEY' ? ' (or name another variable with --api-key-env)' : ''}.`,
      );
    }
    transport = new HttpTransport({
      settings: () =>
        Promise.resolve({ baseUrl: args.baseUrl, apiKey, timeoutMs: SETTING_DEFAULTS.requestTimeoutSeconds * 1000 }),
    });
    const client = new TavusClient(transport, { pageSize: () => SETTING_DEFAULTS.pageSize });
    const api = noticingPersonas(client, (persona) => out.addSecrets(collectSecrets(persona)));
    return exitCodeFor(await runCommand(args.command, { api, out, env: proc.env, asker: terminalAsker(proc) }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    out.note(message);
    out.result({ error: message });
    return EXIT.error;
  } finally {
    transport?.dispose();
  }
}

function terminalAsker(proc: CliProcess): Asker {
  return {
    stdinIsTty: proc.stdin.isTTY === true,
    async ask(question) {
      const terminal = createInterface({ input: proc.stdin, output: proc.stderr });
      try {
        return /^y(es)?$/i.test((await terminal.question(`${question} [y/N] `)).trim());
      } finally {
        terminal.close();
      }
    },
  };
}
