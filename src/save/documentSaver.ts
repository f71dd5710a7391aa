import * as vscode from 'vscode';
import type { TavusLog } from '../log/tavusLog';
import type { PersonaWriter } from '../personas/fileSystem';
import type { PersonaDocumentSync } from './documentSync';
import { touchDuringWrite } from './keepDirty';
import { SaveReasons } from './saveReasons';

/** The outcomes every saver has; each adds its own refusals. */
type CommonOutcome = 'applied' | 'unchanged' | 'noChanges' | 'autoSaveSkipped';

/** How one save ended; a test seam (integration tests wait for it), not a user-facing event. */
export interface SaveEventOf<Outcome extends string> {
  uri: vscode.Uri;
  outcome: Outcome;
}

/**
 * What saving a document of Tavus's (a persona, a field) has in common: Ctrl+S runs `save` as a
 * command, so a save that is not sent never reaches VS Code's save-error path; saves VS Code starts
 * itself (Save All, closing with Save, File: Save) reach `write` through the file system. Auto-save
 * never sends: half-typed edits must not reach Tavus. What is not sent stays dirty, without VS
 * Code's "Failed to save" notice: the flow has already said what happened.
 */
export abstract class DocumentSaver<Outcome extends string> implements PersonaWriter, vscode.Disposable {
  private readonly finished = new vscode.EventEmitter<SaveEventOf<Outcome | CommonOutcome>>();
  readonly onDidFinishSave = this.finished.event;
  private readonly saveReasons = new SaveReasons();

  protected constructor(
    protected readonly sync: PersonaDocumentSync,
    protected readonly log: TavusLog,
    /** What the document holds, in the auto-save log line: "persona", "field". */
    private readonly noun: string,
  ) {}

  /** The save command: sends the text, then lets VS Code mark the document saved with Tavus's value in it. */
  async save(document: vscode.TextDocument): Promise<boolean> {
    if (!(await this.send(document, document.getText()))) return false;
    return this.sync.showOrigin(document);
  }

  async write(document: vscode.TextDocument, text: string): Promise<void> {
    const manual = this.saveReasons.takeManual(document.uri);
    if (!manual) {
      this.log.info(`Auto-save of ${document.uri.toString()} not sent: ${this.noun} changes are sent with Ctrl+S.`);
      this.finish(document.uri, 'autoSaveSkipped');
    }
    if (manual && (await this.send(document, text))) return;
    this.sync.holdAfterUnsentWrite(document);
    await touchDuringWrite(document);
  }

  dispose(): void {
    this.saveReasons.dispose();
    this.finished.dispose();
  }

  /** Sends `text` as the document's new value; true when Tavus now holds it (or nothing needed sending). */
  abstract send(document: vscode.TextDocument, text: string): Promise<boolean>;

  protected finish(uri: vscode.Uri, outcome: Outcome | CommonOutcome): boolean {
    this.finished.fire({ uri, outcome });
    return outcome === 'applied' || outcome === 'unchanged' || outcome === 'noChanges';
  }
}
