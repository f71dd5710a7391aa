import { readFile, writeFile } from 'node:fs/promises';
import { computeApply, patchFileTarget } from '../core/applyPlan';
import type { PatchOp, Persona } from '../core/json';
import { parsePatchFile } from '../core/patchFile';
import {
  diffFileWithTavus,
  fileIdFor,
  parsePersonaFile,
  personaFileText,
  resolveReferences,
  type PersonaFile,
} from '../core/personaFile';
import { personaId, personaLabel } from '../core/personaRules';
import { redactOps } from '../core/redact';
import { counted } from '../core/text';
import type { TavusApi } from '../tavus/api';
import { sentence } from '../transaction/patchFailure';
import type { CliCommand, CommandResult } from './args';
import type { CliOutput } from './output';
import { runWrite, showChanges, type Asker, type CliWriteAction, type WriteResult } from './write';

export interface CliContext {
  api: TavusApi;
  out: CliOutput;
  env: Readonly<Record<string, string | undefined>>;
  asker: Asker;
}

/** A failure the user can act on; its message is the whole report. */
export class CliError extends Error {}

const PUSH: CliWriteAction = { done: 'Pushed', kept: 'The file is unchanged.' };
const APPLY: CliWriteAction = { done: 'Applied the patch to', kept: 'The patch file is unchanged.' };

export function runCommand(command: Exclude<CliCommand, { name: 'help' }>, context: CliContext): Promise<CommandResult> {
  switch (command.name) {
    case 'list':
      return list(context);
    case 'pull':
      return pull(command.id, command.connection, command.out, context);
    case 'diff':
      return diff(command.file, command.connection, context);
    case 'push':
      return push(command, context);
    case 'apply':
      return apply(command, context);
  }
}

async function list({ api, out }: CliContext): Promise<CommandResult> {
  const listing = await api.listPersonas({
    onProgress: ({ personas, totalCount }) =>
      out.progress(`Listing personas… ${personas.length}${totalCount === undefined ? '' : ` of ${totalCount}`}`),
  });
  out.endProgress();
  for (const { page, reason } of listing.skipped) out.note(`Skipped an item of page ${page}: ${reason}`);
  const rows = listing.personas.map((persona) => ({
    persona_id: personaId(persona) ?? '',
    persona_name: personaLabel(persona),
    persona_type: typeof persona.persona_type === 'string' ? persona.persona_type : 'user',
    updated_at: typeof persona.updated_at === 'string' ? persona.updated_at : undefined,
  }));
  for (const row of rows) out.line(`${row.persona_id.padEnd(16)} ${row.persona_type.padEnd(6)} ${row.persona_name}`);
  out.line(counted(rows.length, 'persona'));
  out.result({ personas: rows, totalCount: listing.totalCount });
  return 'done';
}

async function pull(
  id: string,
  connection: string,
  outFile: string | undefined,
  { api, out }: CliContext,
): Promise<CommandResult> {
  const previous = outFile === undefined ? undefined : await readPreviousFile(outFile);
  const persona = await api.getPersona(id);
  const { text, references } = personaFileText(persona, { connection, previous });
  if (outFile === undefined) {
    out.verbatim(text);
    return 'done';
  }
  await writeFile(outFile, text, 'utf8');
  out.line(`Wrote ${outFile}: "${personaLabel(persona)}" (${id}) as connection "${connection}".`);
  for (const { pointer, env } of references) out.line(`  ${pointer} → \${env:${env}}`);
  out.result({ personaId: id, connection, file: outFile, references });
  return 'done';
}

/** The file a pull updates, when there is one: its ids and variable names are kept. */
async function readPreviousFile(path: string): Promise<PersonaFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = parsePersonaFile(text);
  if (!parsed.ok) {
    throw new CliError(`${path} exists but cannot be read as a persona file, so it was left as it is: ${parsed.message}`);
  }
  return parsed.file;
}

interface FileComparison {
  id: string;
  label: string;
  current: Persona;
  edited: Persona;
  ops: PatchOp[];
}

/** Reads the file, resolves its references and compares it with Tavus's copy for the connection. */
async function compareFile(path: string, connection: string, { api, out, env }: CliContext): Promise<FileComparison> {
  const parsed = parsePersonaFile(await readFile(path, 'utf8'));
  if (!parsed.ok) throw new CliError(`${path}: ${parsed.message}`);
  const { file } = parsed;
  const target = fileIdFor(file, connection);
  if (!target.ok) throw new CliError(`${path}: ${target.message}`);
  for (const pointer of file.clearSecrets) {
    out.note(`Warning: ${path} holds ${pointer} in clear; write it as \${env:NAME} so the key stays out of the file.`);
  }
  const resolved = resolveReferences(file, env);
  if (!resolved.ok) throw new CliError(`${path}: ${resolved.message}`);
  out.addSecrets(resolved.secrets);
  const current = await api.getPersona(target.id);
  return { id: target.id, label: personaLabel(current), current, ...diffFileWithTavus(current, resolved.body) };
}

async function diff(path: string, connection: string, context: CliContext): Promise<CommandResult> {
  const { id, label, current, ops } = await compareFile(path, connection, context);
  const { out } = context;
  out.result({ personaId: id, connection, label, changes: ops.length, ops: redactOps(ops) });
  if (ops.length === 0) {
    out.line(`No changes: "${label}" (${id}) matches ${path}.`);
    return 'noChanges';
  }
  showChanges(out, { id, label, origin: current, ops });
  return 'changesFound';
}

async function push(command: Extract<CliCommand, { name: 'push' }>, context: CliContext): Promise<CommandResult> {
  const { id, label, current, edited, ops } = await compareFile(command.file, command.connection, context);
  if (ops.length === 0) {
    context.out.line(`No changes: "${label}" (${id}) matches ${command.file}.`);
    context.out.result({ personaId: id, connection: command.connection, result: 'noChanges', ops: [] });
    return 'noChanges';
  }
  const result = await runWrite(
    context.api,
    { id, label, action: PUSH, origin: current, edited, ops },
    command,
    context.asker,
    context.out,
  );
  return report(result, { id, label, action: PUSH, connection: command.connection }, context.out);
}

async function apply(command: Extract<CliCommand, { name: 'apply' }>, context: CliContext): Promise<CommandResult> {
  const parsed = parsePatchFile(await readFile(command.file, 'utf8'));
  const target = patchFileTarget(parsed);
  if (target.kind === 'invalid') throw new CliError(`Patch not applied: ${target.message}`);
  let base: Persona;
  try {
    base = await context.api.getPersona(target.personaId);
  } catch (error) {
    throw new CliError(
      `Could not read persona ${target.personaId} from Tavus: ${sentence(error instanceof Error ? error.message : String(error))} Nothing was sent.`,
    );
  }
  const plan = computeApply(parsed, base, { guardWithTestOps: false });
  const label = personaLabel(base);
  if (plan.kind === 'invalid') throw new CliError(`Patch not applied: ${plan.message}`);
  if (plan.kind === 'noChanges') {
    context.out.line(`No changes: "${label}" already looks like this.`);
    context.out.result({ personaId: target.personaId, result: 'noChanges', ops: [] });
    return 'noChanges';
  }
  const write = { id: target.personaId, label, action: APPLY, origin: base, edited: plan.edited, ops: plan.ops };
  const result = await runWrite(context.api, write, command, context.asker, context.out);
  return report(result, { id: target.personaId, label, action: APPLY }, context.out);
}

interface Reported {
  id: string;
  label: string;
  action: CliWriteAction;
  connection?: string;
}

/** The last word of a push or apply, in the extension's wording. */
function report(result: WriteResult, { id, label, action, connection }: Reported, out: CliOutput): CommandResult {
  const base = { personaId: id, ...(connection === undefined ? {} : { connection }) };
  switch (result.kind) {
    case 'changesFound':
      out.result({ ...base, result: 'dryRun' });
      return 'changesFound';
    case 'declined':
      out.line('Nothing was sent.');
      out.result({ ...base, result: 'declined' });
      return 'declined';
    case 'error':
      throw new CliError(result.message);
    case 'applied':
      if (!result.changed) out.line('Tavus made no changes: the persona already had these values.');
      else out.line(`${action.done} "${label}" (${counted(result.ops.length, 'change')}).`);
      if (result.adjusted) out.line(result.adjusted);
      out.result({ ...base, result: 'applied', changed: result.changed, ops: redactOps(result.ops), adjusted: result.adjusted });
      return 'applied';
  }
}
