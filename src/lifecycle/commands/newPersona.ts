import * as vscode from 'vscode';
import type { CommandHandler } from '../../commands/ids';
import { usableReplicas } from '../../conversations/replicas';
import type { Persona } from '../../core/json';
import { formatFirstProblem, parseJsonObjectText } from '../../core/parseJsonText';
import { blankPersonaBody, createBodyFrom } from '../../core/personaLifecycle';
import { personaFromArgOrPick } from '../../personas/pickPersona';
import type { Services } from '../../services';
import { withSlowProgress } from '../../ui/slowProgress';
import { duplicateFrom } from './duplicatePersona';

type Start = vscode.QuickPickItem & { start: 'blank' | 'copy' | 'file' };

const STARTS: Start[] = [
  { label: '$(new-file) Blank', detail: 'A minimal persona: name, system prompt, full pipeline, a replica', start: 'blank' },
  { label: '$(copy) Copy of an existing persona', detail: 'One of yours or a stock persona', start: 'copy' },
  { label: '$(json) From a JSON file in the workspace', detail: 'Fields Tavus sets are left out', start: 'file' },
];

/**
 * New Persona…: asks for the starting point and opens a draft; saving the draft creates the
 * persona. Given a document (a deleted persona's "Create as New Persona"), its text is the start.
 */
export function newPersona(services: Services): CommandHandler {
  return async (arg?: unknown) => {
    if (arg instanceof vscode.Uri) return fromDocument(services, arg);
    const picked = await services.questions.pick(STARTS, { placeHolder: 'Start the new persona from…' });
    if (picked?.start === 'blank') return blank(services);
    if (picked?.start === 'copy') {
      const source = await personaFromArgOrPick(services, undefined, 'Select the persona to copy');
      return source && duplicateFrom(services, source);
    }
    if (picked?.start === 'file') return fromFile(services);
    return undefined;
  };
}

async function blank(services: Services): Promise<unknown> {
  const replicas = await withSlowProgress('Listing replicas…', (signal) => usableReplicas(services.api, signal)).catch(() => []);
  const replicaId =
    replicas.length > 0
      ? (
          await services.questions.pick(
            replicas.map((r) => ({ label: r.name ?? r.id, description: r.id, detail: r.detail, id: r.id })),
            { placeHolder: 'Default replica of the new persona' },
          )
        )?.id
      : await services.questions.input({
          prompt: 'The replicas could not be listed: type the default_replica_id of the new persona',
          placeHolder: 'r…',
          validateInput: (value) => (value.trim() === '' ? 'A full-pipeline persona needs a replica.' : undefined),
        });
  if (replicaId === undefined) return undefined;
  return services.lifecycle.creator.openDraft(blankPersonaBody(replicaId.trim()), { kind: 'create', name: 'blank' });
}

async function fromFile(services: Services): Promise<unknown> {
  const files = await vscode.workspace.findFiles('**/*.json', '**/node_modules/**', 500);
  if (files.length === 0) {
    void services.notifier.info('The workspace has no JSON file to start a persona from.');
    return undefined;
  }
  const picked = await services.questions.pick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'The JSON file to start the new persona from', matchOnDescription: true },
  );
  if (!picked) return undefined;
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(picked.uri));
  return openDraftFromText(services, text, picked.label);
}

async function fromDocument(services: Services, uri: vscode.Uri): Promise<unknown> {
  const document = await vscode.workspace.openTextDocument(uri);
  return openDraftFromText(services, document.getText(), vscode.workspace.asRelativePath(uri));
}

async function openDraftFromText(services: Services, text: string, name: string): Promise<unknown> {
  const parsed = parseJsonObjectText(text);
  if (!parsed.ok) {
    void services.notifier.error(`${name} is not a persona: ${formatFirstProblem(parsed.problems)}.`);
    return undefined;
  }
  const source: Persona = parsed.value;
  return services.lifecycle.creator.openDraft(createBodyFrom(source).body, { kind: 'create', name });
}
