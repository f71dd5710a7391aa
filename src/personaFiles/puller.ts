import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import {
  isEnvName,
  parsePersonaFile,
  PERSONA_FILE_SUFFIX,
  personaFileText,
  type PersonaFile,
  type SecretReference,
} from '../core/personaFile';
import { personaFilePathProblem } from '../core/personaFilePath';
import { bodyFingerprint } from '../core/personaFileState';
import { safeFileName } from '../core/personaDocument';
import { personaId, personaLabel } from '../core/personaRules';
import type { Services } from '../services';
import { showTavusError } from '../ui/errors';
import { withSlowProgress } from '../ui/slowProgress';
import type { PersonaFileBases } from './bases';
import { fileName } from './personaFileTarget';
import { fileNaming, readPersonaFile, writePersonaFile } from './workspaceFiles';
import { openEditor } from '../ui/openEditor';

type PullerNeeds = Pick<Services, 'store' | 'notifier' | 'questions' | 'connections'>;

const NO_FILE: PersonaFile = { ids: {}, body: {}, references: [], clearSecrets: [] };

/**
 * Pull Persona to Workspace: writes the persona's file from Tavus's copy. Secret values become
 * `${env:NAME}` references whose names the user accepts or changes; the file never holds a key.
 * An existing file keeps its other connections' ids and its variable names.
 */
export class PersonaFilePuller {
  private readonly pulled = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidPull = this.pulled.event;

  constructor(
    private readonly services: PullerNeeds,
    private readonly bases: PersonaFileBases,
  ) {}

  /** Pulls `listed` into `into`, or into the file the user names. */
  async pull(listed: Persona, into?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const id = personaId(listed);
    if (id === undefined) return undefined;
    const { notifier, store } = this.services;
    let persona: Persona;
    try {
      persona = await withSlowProgress(`Reading "${personaLabel(listed)}"…`, (signal) => store.fetch(id, signal));
    } catch (error) {
      await showTavusError(notifier, `read "${personaLabel(listed)}" from Tavus`, error, {
        retry: () => this.pull(listed, into),
      });
      return undefined;
    }
    const connection = this.services.connections.active.name;
    const uri = into ?? (await this.askForFile(persona, await fileNaming(id, connection)));
    if (!uri) return undefined;
    const previous = await this.previousFile(uri, id, connection);
    if (previous === false) return undefined;
    const references = await this.chooseNames(persona, connection, previous);
    if (!references) return undefined;
    const { text } = personaFileText(persona, { connection, previous: { ...(previous ?? NO_FILE), references } });
    await writePersonaFile(uri, text);
    const written = parsePersonaFile(text);
    if (written.ok) await this.bases.set(uri, connection, bodyFingerprint(written.file.body));
    this.pulled.fire(uri);
    await openEditor(uri, { preview: false });
    notifier.status(`Pulled "${personaLabel(persona)}" (${id}) into ${fileName(uri)} as connection "${connection}".`);
    this.mentionUnsetVariables(uri, references);
    return uri;
  }

  /** The file as it is before the pull; false when it must be left alone (said why). */
  private async previousFile(uri: vscode.Uri, id: string, connection: string): Promise<PersonaFile | undefined | false> {
    const { notifier } = this.services;
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open?.isDirty) {
      void notifier.error(`Not pulled: ${fileName(uri)} has unsaved changes. Save or revert them first.`);
      return false;
    }
    const parsed = await readPersonaFile(uri);
    if (parsed === undefined) return undefined;
    if (!parsed.ok) {
      void notifier.error(
        `Not pulled: ${fileName(uri)} exists but cannot be read as a persona file, so it was left as it is: ${parsed.message}`,
      );
      return false;
    }
    const named = parsed.file.ids[connection];
    if (named !== undefined && named !== id) {
      void notifier.error(
        `Not pulled: ${fileName(uri)} stands for persona ${named} in connection "${connection}", not ${id}. Choose another file.`,
      );
      return false;
    }
    return parsed.file;
  }

  /** Where to write, the file that already names the persona to start with. */
  private async askForFile(persona: Persona, existing: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void this.services.notifier.error('Open a folder first: persona files are written into the workspace.');
      return undefined;
    }
    const path = await this.services.questions.input({
      title: `Pull "${personaLabel(persona)}" to the workspace`,
      prompt: `The persona file to write, relative to ${folder.name}`,
      value: existing
        ? vscode.workspace.asRelativePath(existing, false)
        : `${safeFileName(personaLabel(persona)) || personaId(persona)}${PERSONA_FILE_SUFFIX}`,
      validateInput: personaFilePathProblem,
    });
    return path === undefined ? undefined : vscode.Uri.joinPath(folder.uri, path.trim());
  }

  /** Every secret the file did not name yet gets a variable name the user accepts or types. */
  private async chooseNames(
    persona: Persona,
    connection: string,
    previous: PersonaFile | undefined,
  ): Promise<SecretReference[] | undefined> {
    const { references } = personaFileText(persona, { connection, previous });
    const known = new Set((previous?.references ?? []).map((reference) => reference.pointer));
    const chosen: SecretReference[] = [];
    for (const reference of references) {
      if (known.has(reference.pointer)) {
        chosen.push(reference);
        continue;
      }
      const env = await this.services.questions.input({
        title: `Secret ${reference.pointer}`,
        prompt: `The file will hold \${env:NAME} instead of the value of ${reference.pointer}; Push reads the variable. Variable name:`,
        value: reference.env,
        validateInput: (value) =>
          isEnvName(value.trim()) ? undefined : 'A variable name: letters, digits and _, not starting with a digit.',
      });
      if (env === undefined) return undefined;
      chosen.push({ pointer: reference.pointer, env: env.trim() });
    }
    return chosen;
  }

  private mentionUnsetVariables(uri: vscode.Uri, references: readonly SecretReference[]): void {
    const unset = [...new Set(references.map((reference) => reference.env))].filter((name) => !process.env[name]);
    if (unset.length === 0) return;
    void this.services.notifier.info(
      `${fileName(uri)} refers to ${unset.join(', ')}. Set ${unset.length === 1 ? 'it' : 'them'} in the environment VS Code runs in before pushing the file.`,
    );
  }
}
