import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Persona } from '../../src/core/json';
import { formatPersona } from '../../src/core/personaDocument';
import type { FieldSaveEvent } from '../../src/fields/fieldSaver';
import { fieldUri } from '../../src/fields/fieldUri';
import { personaUri } from '../../src/personas/uri';
import { replaceAllText } from '../../src/save/replaceText';
import type { Services } from '../../src/services';
import type { WriteEvent } from '../../src/transaction/patchTransaction';
import type { Notice } from '../../src/ui/notifier';
import { FIXTURE_IDS } from '../server/fixtures';
import type { TavusServer } from '../server/tavusServer';
import type { ScriptedPrompts } from './scriptedPrompts';
import { closeAllEditors, setSetting, useLocalServer, useScriptedPrompts, waitFor } from './support';

describe('Field documents (Edit Field as Text)', () => {
  let services: Services;
  let server: TavusServer;
  let prompts: ScriptedPrompts;
  let saves: FieldSaveEvent[];
  let writes: WriteEvent[];
  let notices: Notice[];
  let subscriptions: vscode.Disposable[];
  const id = FIXTURE_IDS.onboarding;
  // Names carry the test's number: a document an earlier test closed can still be loaded, with its old origin.
  let testNumber = 0;

  useLocalServer((connected) => ({ api: services, server } = connected));
  useScriptedPrompts((scripted) => (prompts = scripted));
  before(() => {
    subscriptions = [
      services.fields.saver.onDidFinishSave((event) => saves.push(event)),
      services.save.transaction.onDidFinish((event) => writes.push(event)),
      services.notifier.onDidShow((notice) => notices.push(notice)),
    ];
  });
  after(() => {
    subscriptions.forEach((subscription) => subscription.dispose());
  });
  beforeEach(async () => {
    await closeAllEditors();
    testNumber++;
    server.reset();
    saves = [];
    writes = [];
    notices = [];
    await setSetting('confirmBeforeApply', true);
    await setSetting('guardWithTestOps', true);
  });

  async function openPersona(personaId = id): Promise<vscode.TextDocument> {
    const document = await vscode.workspace.openTextDocument(personaUri(personaId, `fields ${testNumber}`));
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('tavus.revertToServerVersion', document.uri);
    assert.strictEqual(document.getText(), formatPersona(server.getStored(personaId)!));
    return document;
  }

  /** Edit Field as Text, as its CodeLens runs it. */
  async function openField(persona: vscode.TextDocument, pointer: string): Promise<vscode.TextDocument> {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>(
      'tavus.editFieldAsText',
      persona.uri,
      pointer,
    );
    assert.ok(editor, `no field document opened for ${pointer}: ${JSON.stringify(notices)}`);
    return editor.document;
  }

  async function saveField(document: vscode.TextDocument): Promise<boolean> {
    return (await vscode.commands.executeCommand<boolean>('tavus.saveFieldToTavus', document.uri)) === true;
  }

  function patchBodies(): Array<Array<{ op: string; path: string; value?: unknown }>> {
    return server.requests.filter((r) => r.method === 'PATCH').map((r) => JSON.parse(r.body ?? '[]') as never);
  }

  function stored(): Persona {
    return server.getStored(id)!;
  }

  it('saves system_prompt as exactly one replace of the typed string, previews the field, and updates the persona document', async () => {
    const persona = await openPersona();
    const before = stored().system_prompt;
    const field = await openField(persona, '/system_prompt');
    assert.strictEqual(field.getText(), before);
    assert.strictEqual(field.languageId, 'markdown');
    assert.match(field.uri.path, /system_prompt\.md$/);
    const typed = `${String(before)}\n\nBe "precise" — \\ no \t guessing. 😀\n`;
    assert.ok(await replaceAllText(field, typed));
    server.requests.length = 0;
    assert.ok(await saveField(field), JSON.stringify({ saves, notices }));
    const bodies = patchBodies();
    assert.strictEqual(bodies.length, 1);
    const sent = bodies[0]!.filter((op) => op.op !== 'test');
    assert.deepStrictEqual(sent, [{ op: 'replace', path: '/system_prompt', value: typed }]);
    assert.strictEqual(stored().system_prompt, typed);
    assert.deepStrictEqual(
      { server: prompts.previews[0]?.serverText, proposed: prompts.previews[0]?.proposedText },
      { server: before, proposed: typed },
    );
    assert.strictEqual(writes[0]?.request.source?.kind, 'fieldSave');
    await waitFor(
      () => !persona.isDirty && persona.getText() === formatPersona(stored()),
      'the persona document to show the new prompt',
    );
    await waitFor(() => !field.isDirty, 'the field document to be saved');
    assert.strictEqual(field.getText(), typed);
  });

  it('keeps CRLF line endings and a missing final newline exactly', async () => {
    server.updateAsOtherClient(id, [{ op: 'replace', path: '/system_prompt', value: 'One.\r\nTwo.' }]);
    const persona = await openPersona();
    const field = await openField(persona, '/system_prompt');
    // A field document an earlier test left loaded is brought up to date (and saved) by the document sync first.
    await waitFor(() => !field.isDirty, 'the field document to show the server copy');
    assert.strictEqual(field.eol, vscode.EndOfLine.CRLF);
    assert.strictEqual(field.getText(), 'One.\r\nTwo.');
    assert.ok(await replaceAllText(field, 'One.\r\nTwo.\r\nThree.'));
    assert.ok(await saveField(field), JSON.stringify({ saves, notices }));
    assert.strictEqual(stored().system_prompt, 'One.\r\nTwo.\r\nThree.');
  });

  it('refuses, with Compare, while the persona document has unsaved edits to the same field', async () => {
    const persona = await openPersona();
    const edited = JSON.parse(persona.getText()) as Persona;
    edited.system_prompt = 'From the persona document';
    assert.ok(await replaceAllText(persona, formatPersona(edited)));
    const field = await openField(persona, '/system_prompt');
    assert.ok(await replaceAllText(field, 'From the field document'));
    server.requests.length = 0;
    assert.strictEqual(await saveField(field), false);
    assert.strictEqual(saves.at(-1)?.outcome, 'editedInPersonaDocument');
    assert.strictEqual(patchBodies().length, 0);
    const warning = notices.find((notice) => notice.severity === 'warning');
    assert.match(warning?.message ?? '', /unsaved changes to \/system_prompt/);
    assert.deepStrictEqual(warning?.actions, ['Compare']);
    assert.ok(field.isDirty && persona.isDirty);
    assert.strictEqual(field.getText(), 'From the field document');
  });

  it("keeps the persona document's unsaved edits to other fields, and their own origin", async () => {
    const persona = await openPersona();
    const origin = services.origins.get(persona.uri);
    const edited = JSON.parse(persona.getText()) as Persona;
    edited.default_replica_id = 'r00000000000';
    const personaText = formatPersona(edited);
    assert.ok(await replaceAllText(persona, personaText));
    const field = await openField(persona, '/system_prompt');
    assert.ok(await replaceAllText(field, 'A new prompt.'));
    assert.ok(await saveField(field));
    assert.strictEqual(stored().system_prompt, 'A new prompt.');
    assert.strictEqual(persona.getText(), personaText);
    assert.ok(persona.isDirty);
    assert.strictEqual(services.origins.get(persona.uri), origin);
    // Its own save then sees the field save as a change on Tavus, apart from its own: Merge keeps both.
    prompts.conflict = 'merge';
    assert.ok(await vscode.commands.executeCommand<boolean>('tavus.savePersona', persona.uri));
    assert.strictEqual(stored().system_prompt, 'A new prompt.');
    assert.strictEqual(stored().default_replica_id, 'r00000000000');
  });

  it("opens a stock persona's field read-only and never sends it", async () => {
    const stock = FIXTURE_IDS.salesCoach;
    const uri = fieldUri({ owner: { kind: 'persona', id: stock }, pointer: '/system_prompt' }, 'Sales Coach', 'markdown');
    const stat = await vscode.workspace.fs.stat(uri);
    assert.strictEqual(stat.permissions, vscode.FilePermission.Readonly);
    const field = await vscode.workspace.openTextDocument(uri);
    assert.strictEqual(field.getText(), server.getStored(stock)!.system_prompt);
    server.requests.length = 0;
    assert.strictEqual(await services.fields.saver.send(field, 'Changed'), false);
    assert.strictEqual(saves.at(-1)?.outcome, 'stock');
    assert.strictEqual(patchBodies().length, 0);
  });

  it('refuses to open a value a text document would change (a lone surrogate)', async () => {
    server.updateAsOtherClient(id, [{ op: 'replace', path: '/system_prompt', value: 'half \uD800 pair' }]);
    const persona = await openPersona();
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>(
      'tavus.editFieldAsText',
      persona.uri,
      '/system_prompt',
    );
    assert.strictEqual(editor, undefined);
    assert.match(notices.at(-1)?.message ?? '', /lone surrogate/);
  });

  it('after a reload, a dirty field document finds its origin again and merges a change made meanwhile', async () => {
    const persona = await openPersona();
    const field = await openField(persona, '/system_prompt');
    assert.ok(await replaceAllText(field, 'Written before the reload.'));
    server.updateAsOtherClient(id, [{ op: 'replace', path: '/layers/llm/model', value: 'tavus-gpt-5.2' }]);
    // What a reload leaves: no origin in memory, its record in workspace storage.
    services.origins.dropFromMemory(field.uri);
    prompts.conflict = 'merge';
    assert.ok(await saveField(field), JSON.stringify({ saves, notices, conflicts: prompts.conflicts }));
    assert.strictEqual(prompts.conflicts[0]?.reason, 'changed');
    assert.strictEqual(stored().system_prompt, 'Written before the reload.');
    assert.strictEqual((stored().layers as { llm: { model: string } }).llm.model, 'tavus-gpt-5.2');
  });

  it('after a reload without a record, the save goes to the conflict flow instead of guessing', async () => {
    const persona = await openPersona();
    const field = await openField(persona, '/system_prompt');
    assert.ok(await replaceAllText(field, 'Written before the reload.'));
    services.origins.forget(field.uri);
    server.requests.length = 0;
    prompts.conflict = 'cancel';
    assert.strictEqual(await saveField(field), false);
    assert.strictEqual(prompts.conflicts[0]?.reason, 'unknownOrigin');
    assert.strictEqual(patchBodies().length, 0);
  });

  it('writes a patch file value edited as text back into the patch file, escaped', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the tests run with a workspace folder');
    const file = vscode.Uri.joinPath(folder, `field-${testNumber}.tavus-patch.json`);
    const text = `// tavus-persona: ${id}\n[\n  { "op": "replace", "path": "/system_prompt", "value": "Line one.\\nLine two." }\n]\n`;
    await vscode.workspace.fs.writeFile(file, Buffer.from(text));
    try {
      const patch = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(patch);
      const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>(
        'tavus.editFieldAsText',
        patch.uri,
        '/0/value',
      );
      assert.ok(editor, JSON.stringify(notices));
      assert.strictEqual(editor.document.getText(), 'Line one.\nLine two.');
      assert.ok(await replaceAllText(editor.document, 'Line one.\nLine "two".\n'));
      assert.ok(await editor.document.save());
      await waitFor(() => patch.getText().includes('"Line one.\\nLine \\"two\\".\\n"'), 'the value written back escaped');
      assert.ok(!patch.isDirty, 'a saved patch file is saved again');
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(file);
    }
  });
});
