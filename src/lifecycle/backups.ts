import * as vscode from 'vscode';
import type { Persona } from '../core/json';
import { backupFileName, backupRecord, parseBackup, type PersonaBackup } from '../core/personaLifecycle';

/**
 * Backups of deleted personas, one JSON file each under the extension's global storage, written
 * before the DELETE is sent. They hold no secret field (backupRecord removes them), so nothing
 * secret ever lands on disk.
 */
export class PersonaBackups {
  constructor(private readonly storage: vscode.Uri) {}

  private get folder(): vscode.Uri {
    return vscode.Uri.joinPath(this.storage, 'deleted-personas');
  }

  async write(persona: Persona, at = new Date()): Promise<{ backup: PersonaBackup; uri: vscode.Uri }> {
    const backup = backupRecord(persona, at);
    await vscode.workspace.fs.createDirectory(this.folder);
    const uri = vscode.Uri.joinPath(this.folder, backupFileName(backup));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${JSON.stringify(backup, null, 2)}\n`));
    return { backup, uri };
  }

  async read(uri: vscode.Uri): Promise<PersonaBackup | undefined> {
    return parseBackup(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  }
}
