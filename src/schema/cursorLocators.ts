import * as vscode from 'vscode';
import { CursorLocator, locateFromStart, type LocateCursor } from '../core/cursorLocation';
import type { Outline } from '../core/personaOutline';
import { personaOutline } from '../core/personaSchemaCheck';

interface Tracked {
  version: number;
  locator: CursorLocator;
}

/**
 * One CursorLocator per persona document, told of every edit, so that completion and hover read the
 * text near the cursor rather than all of it on each keystroke.
 */
export class CursorLocators implements vscode.Disposable {
  private readonly tracked = new Map<string, Tracked>();
  private readonly subscriptions = [
    vscode.workspace.onDidChangeTextDocument((event) => this.edited(event)),
    vscode.workspace.onDidCloseTextDocument((document) => this.tracked.delete(document.uri.toString())),
  ];

  /** Locates the cursor in the text `document` holds now; a request that outlives that version reads the text from the start. */
  locatorOf(document: vscode.TextDocument): LocateCursor {
    const { locator, version } = this.trackedOf(document);
    return (text, offset) => (document.version === version ? locator.locate(text, offset) : locateFromStart(text, offset));
  }

  /** The schema diagnostics' outline of the document's current text. */
  useOutline(document: vscode.TextDocument, outline: Outline): void {
    this.trackedOf(document).locator.useOutline(outline);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.tracked.clear();
  }

  private trackedOf(document: vscode.TextDocument): Tracked {
    const key = document.uri.toString();
    let tracked = this.tracked.get(key);
    // The extension host fires a document's change events before it serves a request on the new
    // version, so a version we were not brought to means we missed one: start over, trust nothing.
    if (tracked === undefined || tracked.version !== document.version) {
      tracked = { version: document.version, locator: new CursorLocator(personaOutline) };
      this.tracked.set(key, tracked);
    }
    return tracked;
  }

  private edited(event: vscode.TextDocumentChangeEvent): void {
    const tracked = this.tracked.get(event.document.uri.toString());
    if (tracked === undefined) return;
    for (const change of event.contentChanges) tracked.locator.edited(change.rangeOffset);
    tracked.version = event.document.version;
  }
}
