import * as vscode from 'vscode';
import { PERSONA_FILE_SUFFIX } from '../core/personaFile';

/** The first line of a persona file: Push, Compare and Pull, each acting on this file. */
export class PersonaFileCodeLenses implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const lens = (title: string, command: string) => new vscode.CodeLens(top, { title, command, arguments: [document.uri] });
    return [
      lens('$(cloud-upload) Push to Tavus', 'tavus.pushPersonaFile'),
      lens('$(git-compare) Compare with Tavus', 'tavus.comparePersonaFile'),
      lens('$(cloud-download) Pull from Tavus', 'tavus.pullPersonaToWorkspace'),
    ];
  }
}

export const PERSONA_FILE_SELECTOR: vscode.DocumentSelector = { pattern: `**/*${PERSONA_FILE_SUFFIX}` };
