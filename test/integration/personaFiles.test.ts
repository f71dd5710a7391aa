import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Persona } from '../../src/core/json';
import { parsePersonaFile, type PersonaFile } from '../../src/core/personaFile';
import { createBodyFrom } from '../../src/core/personaLifecycle';
import type { PushResult } from '../../src/personaFiles/pusher';
import type { Services } from '../../src/services';
import type { Notice } from '../../src/ui/notifier';
import { createFixturePersonas, FIXTURE_IDS } from '../server/fixtures';
import { startTavusServer, type TavusServer } from '../server/tavusServer';
import type { ScriptedPrompts } from './scriptedPrompts';
import { closeAllEditors, setSetting, useLocalServer, useScriptedAnswers, useScriptedPrompts } from './support';

const CLINIC = FIXTURE_IDS.maximal;

describe('Persona files', () => {
  let services: Services;
  let server: TavusServer;
  let prompts: ScriptedPrompts;
  let notices: Notice[] = [];
  let subscription: vscode.Disposable;
  /** Answers every input box: the file path first, then each secret's variable name. */
  let answerInput: (options: vscode.InputBoxOptions) => string | undefined;
  const asked: string[] = [];
  const variables = new Set<string>();

  useLocalServer((connected) => ({ api: services, server } = connected));
  useScriptedPrompts((scripted) => (prompts = scripted));
  useScriptedAnswers({
    pick: async () => assert.fail('no persona pick expected: the tests pass the tree row'),
    input: async (options) => {
      asked.push(options.prompt ?? '');
      return answerInput(options);
    },
  });
  before(() => {
    subscription = services.notifier.onDidShow((notice) => notices.push(notice));
  });
  after(async () => {
    subscription.dispose();
    await setSetting('requestTimeoutSeconds', undefined);
  });
  /** The workspace and the environment as the suite found them, for the next test and the next suite. */
  async function removePersonaFiles(): Promise<void> {
    for (const name of variables) delete process.env[name];
    for (const uri of await vscode.workspace.findFiles('**/*.persona.json')) await vscode.workspace.fs.delete(uri);
  }
  beforeEach(async () => {
    await closeAllEditors();
    server.reset();
    notices = [];
    asked.length = 0;
    answerInput = (options) => options.value;
    await removePersonaFiles();
  });
  afterEach(async () => {
    await closeAllEditors();
    await removePersonaFiles();
  });

  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const row = (id: string) => ({ kind: 'persona', persona: server.getStored(id), stock: false });
  const fileText = async (uri: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const parsed = async (uri: vscode.Uri): Promise<PersonaFile> => {
    const result = parsePersonaFile(await fileText(uri));
    assert.ok(result.ok, 'the file reads as a persona file');
    return result.file;
  };
  const requests = (method: string) => server.requests.filter((r) => r.method === method && r.path.startsWith('/v2/personas'));
  const stateOf = async (uri: vscode.Uri) => {
    await services.personaFiles.decorations.refresh({ uris: [uri], fromTavus: true });
    return services.personaFiles.decorations.stateOf(uri);
  };
  const pull = (id: string) => vscode.commands.executeCommand<vscode.Uri | undefined>('tavus.pullPersonaToWorkspace', row(id));
  const push = (uri: vscode.Uri) => vscode.commands.executeCommand<PushResult | undefined>('tavus.pushPersonaFile', uri);
  const errors = () => notices.filter((notice) => notice.severity === 'error').map((notice) => notice.message);
  /** Sets each variable the file refers to, to the value Tavus holds (as the user's environment would). */
  const setVariables = (file: PersonaFile, persona: Persona) => {
    for (const { pointer, env } of file.references) {
      const value = pointer
        .split('/')
        .slice(1)
        .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], persona);
      process.env[env] = value as string;
      variables.add(env);
    }
  };
  async function edit(uri: vscode.Uri, change: (file: Record<string, unknown>) => void): Promise<void> {
    const document = await vscode.workspace.openTextDocument(uri);
    const value = JSON.parse(document.getText()) as Record<string, unknown>;
    change(value);
    const whole = new vscode.WorkspaceEdit();
    whole.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), `${JSON.stringify(value, null, 2)}\n`);
    await vscode.workspace.applyEdit(whole);
    await document.save();
  }

  it('pulls a persona with its secrets as ${env:NAME} references the user names, then pushes an edit of the file', async () => {
    answerInput = (options) =>
      options.prompt?.startsWith('The persona file to write')
        ? 'personas/clinic.persona.json'
        : options.prompt?.includes('/layers/llm/api_key')
          ? 'CLINIC_LLM_KEY'
          : options.value;
    const uri = await pull(CLINIC);
    assert.strictEqual(uri?.toString(), vscode.Uri.joinPath(folder(), 'personas/clinic.persona.json').toString());
    const text = await fileText(uri);
    const stored = server.getStored(CLINIC)!;
    assert.ok(!text.includes('sk-REDACTED') && !text.includes('el-REDACTED'), 'no secret value is written to the workspace');
    const file = await parsed(uri);
    assert.deepStrictEqual(file.ids, { default: CLINIC });
    assert.ok(file.references.some((r) => r.pointer === '/layers/llm/api_key' && r.env === 'CLINIC_LLM_KEY'));
    assert.ok(file.references.some((r) => r.pointer === '/layers/tts/api_key' && r.env === 'TAVUS_TTS_API_KEY'));
    assert.strictEqual(asked.length, 1 + file.references.length, 'the path, then one name per secret');
    assert.strictEqual(file.body.persona_id, undefined);
    assert.strictEqual(await stateOf(uri), 'inSync');

    await edit(uri, (value) => (value.system_prompt = 'Welcome every patient by name.'));
    assert.strictEqual(await stateOf(uri), 'localChanges');

    assert.deepStrictEqual(await push(uri), { kind: 'notPushed' });
    assert.match(
      errors().at(-1) ?? '',
      /^Not pushed: clinic\.persona\.json: Not set in the environment: CLINIC_LLM_KEY \(for \/layers\/llm\/api_key\)/,
    );
    assert.strictEqual(requests('PATCH').length, 0);

    setVariables(file, stored);
    assert.deepStrictEqual(await push(uri), { kind: 'applied', id: CLINIC });
    assert.strictEqual(prompts.previews.length, 1);
    const [preview] = prompts.previews;
    assert.strictEqual(preview!.verb, 'Apply');
    assert.deepStrictEqual(
      preview!.ops.map((op) => op.path),
      ['/system_prompt'],
    );
    assert.strictEqual(server.getStored(CLINIC)!.system_prompt, 'Welcome every patient by name.');
    assert.strictEqual((server.getStored(CLINIC)!.layers as { llm: { api_key: string } }).llm.api_key, 'sk-REDACTED');
    assert.strictEqual(requests('PATCH').length, 1);
    assert.strictEqual(await stateOf(uri), 'inSync');
    assert.deepStrictEqual(await push(uri), { kind: 'noChanges', id: CLINIC });
    assert.strictEqual(requests('PATCH').length, 1);
  });

  it('marks changes on Tavus, and on both sides, and a pull again keeps the variable names without asking', async () => {
    answerInput = (options) => (options.prompt?.includes('/layers/llm/api_key') ? 'CLINIC_LLM_KEY' : options.value);
    const uri = (await pull(CLINIC))!;
    server.updateAsOtherClient(CLINIC, [{ op: 'replace', path: '/persona_name', value: 'Clinic Intake (edited on Tavus)' }]);
    assert.strictEqual(await stateOf(uri), 'tavusChanges');
    await edit(uri, (value) => (value.system_prompt = 'Mine.'));
    assert.strictEqual(await stateOf(uri), 'both');

    asked.length = 0;
    assert.deepStrictEqual(errors(), []);
    await closeAllEditors();
    await vscode.commands.executeCommand('tavus.pullPersonaToWorkspace', uri);
    assert.deepStrictEqual(asked, [], 'the file names its persona and its variables already');
    const file = await parsed(uri);
    assert.strictEqual(file.body.persona_name, 'Clinic Intake (edited on Tavus)');
    assert.ok(file.references.some((r) => r.pointer === '/layers/llm/api_key' && r.env === 'CLINIC_LLM_KEY'));
    assert.strictEqual(await stateOf(uri), 'inSync');
  });

  it('creates the persona when the file names none for the connection, and records the new id in the file', async () => {
    const { body } = createBodyFrom(server.getStored(FIXTURE_IDS.onboarding)!, 'Made from a file');
    const uri = vscode.Uri.joinPath(folder(), 'made.persona.json');
    const written = `${JSON.stringify(body, null, 2)}\n`;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(written));
    assert.strictEqual(await stateOf(uri), 'notOnTavus');

    const result = await push(uri);
    assert.strictEqual(result?.kind, 'created');
    const id = (result as { id: string }).id;
    assert.strictEqual(prompts.previews[0]?.verb, 'Create');
    assert.strictEqual(requests('POST').length, 1);
    assert.strictEqual(server.getStored(id)?.persona_name, 'Made from a file');
    const text = await fileText(uri);
    assert.deepStrictEqual((await parsed(uri)).ids, { default: id });
    assert.ok(text.startsWith('{\n  "$tavus"') && text.endsWith(written.slice(1)), 'the header was added first, the rest kept');
    assert.strictEqual(await stateOf(uri), 'inSync');
    assert.deepStrictEqual(await push(uri), { kind: 'noChanges', id });
    assert.strictEqual(requests('POST').length, 1);
  });

  it('compares the file with Tavus’s copy, written as the file would hold it', async () => {
    const uri = (await pull(CLINIC))!;
    server.updateAsOtherClient(CLINIC, [{ op: 'replace', path: '/system_prompt', value: 'Changed on Tavus.' }]);
    await vscode.commands.executeCommand('tavus.comparePersonaFile', uri);
    assert.strictEqual(prompts.diffs.length, 1);
    assert.match(prompts.diffs[0]!, /: Tavus ↔ Clinic Intake\.persona\.json$/);
    const left = prompts.diffLeftTexts[0]!;
    assert.ok(left.includes('"system_prompt": "Changed on Tavus."'));
    assert.ok(left.includes('${env:TAVUS_LLM_API_KEY}') && !left.includes('sk-REDACTED'));
  });

  it('writes nothing when a secret’s name is not given, and leaves a file with unsaved changes alone', async () => {
    answerInput = (options) => (options.prompt?.includes('api_key') ? undefined : options.value);
    assert.strictEqual(await pull(CLINIC), undefined);
    assert.deepStrictEqual(await vscode.workspace.findFiles('**/*.persona.json'), []);

    answerInput = (options) => options.value;
    const uri = (await pull(CLINIC))!;
    const document = await vscode.workspace.openTextDocument(uri);
    const typing = new vscode.WorkspaceEdit();
    typing.insert(uri, new vscode.Position(1, 0), '  "greeting": "Hello",\n');
    await vscode.workspace.applyEdit(typing);
    await vscode.commands.executeCommand('tavus.pullPersonaToWorkspace', uri);
    assert.match(errors().at(-1) ?? '', /^Not pulled: Clinic Intake\.persona\.json has unsaved changes/);
    assert.ok(document.isDirty && document.getText().includes('"greeting": "Hello"'));
  });

  it('pushes the same file to another connection with that connection’s id, client and key only', async () => {
    const PRODUCTION_ID = 'p0a1b2c3d4e5f';
    const clinic = createFixturePersonas().find(({ persona }) => persona.persona_id === CLINIC)!;
    const production = await startTavusServer({
      apiKey: 'production-key',
      personas: [{ persona: { ...clinic.persona, persona_id: PRODUCTION_ID } }],
    });
    await services.connections.storeKey('production', production.apiKey);
    await setSetting('connections', [{ name: 'production', baseUrl: production.url }]);
    try {
      const uri = (await pull(CLINIC))!;
      setVariables(await parsed(uri), server.getStored(CLINIC)!);
      const toProduction = () =>
        vscode.commands.executeCommand<PushResult | undefined>('tavus.pushPersonaFileToConnection', uri, 'production');

      assert.deepStrictEqual(await toProduction(), { kind: 'notPushed' });
      assert.match(errors().at(-1) ?? '', /names no persona for connection "production"\. Switch to "production"/);
      assert.strictEqual(production.requests.length, 0, 'a file without a production id sends nothing there');

      await edit(uri, (value) => {
        (value.$tavus as { ids: Record<string, string> }).ids.production = PRODUCTION_ID;
        value.system_prompt = 'Promoted from staging.';
      });
      server.reset();
      assert.deepStrictEqual(await toProduction(), { kind: 'applied', id: PRODUCTION_ID });
      assert.strictEqual(prompts.previews.at(-1)?.verb, 'Apply', 'the same preview, answered through the same prompts');
      assert.strictEqual(production.getStored(PRODUCTION_ID)!.system_prompt, 'Promoted from staging.');
      assert.notStrictEqual(server.getStored(CLINIC)!.system_prompt, 'Promoted from staging.');
      assert.strictEqual(requests('PATCH').length, 0, 'nothing was written to the active connection');
      assert.ok(
        production.requests.length > 0 && production.requests.every((r) => r.authorized),
        'production saw its own key only',
      );
      assert.ok(
        server.requests.every((r) => r.authorized),
        'the active connection saw its own key only',
      );
      assert.strictEqual(services.connections.active.name, 'default', 'the active connection is unchanged');
    } finally {
      await setSetting('connections', undefined);
      await services.connections.deleteKey('production');
      await production.close();
    }
  });
});
