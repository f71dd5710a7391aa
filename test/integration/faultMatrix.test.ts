import * as assert from 'assert';
import * as vscode from 'vscode';
import type { Persona } from '../../src/core/json';
import { patchFileText } from '../../src/core/patchFile';
import { formatPersona } from '../../src/core/personaDocument';
import type { ApplyResult } from '../../src/patches/patchApplier';
import { personaId } from '../../src/core/personaRules';
import { personaUri } from '../../src/personas/uri';
import type { SaveEvent } from '../../src/save/personaSaver';
import type { ApplyDecision, MovedDecision, WritePrompts } from '../../src/transaction/prompts';
import { replaceAllText } from '../../src/save/replaceText';
import type { Services } from '../../src/services';
import { describeError } from '../../src/ui/errors';
import { CHANGED_MEANWHILE, FAULT_CASES, OPERATIONS, type Expectation, type FaultCase, type Operation } from '../faults/matrix';
import type { TavusServer } from '../server/tavusServer';
import { ScriptedPrompts } from './scriptedPrompts';
import { setSetting, useLocalServer, waitFor } from './support';

const APPLY_EVERYTHING: WritePrompts = {
  confirmApply: async (): Promise<ApplyDecision> => 'apply',
  confirmDelete: async () => false,
  resolveMoved: async () => 'cancel',
  showDiff: async () => undefined,
};

describe('Fault matrix', () => {
  let services: Services;
  let server: TavusServer;
  let realPrompts: WritePrompts;
  let spareIds: string[];

  useLocalServer((connected) => ({ api: services, server } = connected));
  before(async () => {
    realPrompts = services.save.transaction.prompts;
    services.save.transaction.prompts = APPLY_EVERYTHING;
    await services.catalog.refresh();
    // Every open/save case gets a persona no earlier case has loaded, so no document is cached.
    spareIds = services.catalog
      .personas()
      .map((p) => personaId(p)!)
      .filter((id) => /^p[0-9a-f]{12}$/.test(id) && server.getStored(id)?.updated_at);
  });
  after(async () => {
    services.save.transaction.prompts = realPrompts;
    await setSetting('requestTimeoutSeconds', undefined);
  });
  beforeEach(() => server.reset());

  const run: Record<Operation, (c: FaultCase, id: string) => Promise<void>> = {
    list: async (c) => {
      server.injectFault({ ...c.fault, match: { method: 'GET' } });
      await services.catalog.refresh();
      const state = services.catalog.current;
      checkOutcome(c.expect.list, state.kind === 'ready', state.kind === 'failed' ? describeError(state.error) : undefined);
      server.clearFaults();
      await vscode.commands.executeCommand('tavus.refreshPersonas');
      assert.strictEqual(services.catalog.current.kind, 'ready', 'Refresh recovers once the fault clears');
    },
    open: async (c, id) => {
      server.injectFault({ ...c.fault, match: { method: 'GET' } });
      const uri = personaUri(id, 'fault');
      const outcome = await Promise.resolve(vscode.workspace.openTextDocument(uri)).then(
        (document) => ({ ok: true, message: undefined, document }),
        (error: unknown) => ({ ok: false, message: describeError(error), document: undefined }),
      );
      checkOutcome(c.expect.open, outcome.ok, outcome.message);
      if (outcome.message) {
        assert.match(outcome.message, new RegExp(`Could not load persona ${id}`), 'the message names the operation');
      }
      server.clearFaults();
      const document = outcome.document ?? (await vscode.workspace.openTextDocument(uri));
      assert.strictEqual(document.getText(), formatPersona(server.getStored(id)!));
    },
    save: async (c, id) => {
      const document = await vscode.workspace.openTextDocument(personaUri(id, 'fault'));
      const text = formatPersona({ ...(JSON.parse(document.getText()) as Persona), context: `Edited under ${c.name}` });
      await replaceAllText(document, text);
      server.injectFault({ ...c.fault, match: { method: 'PATCH' } });
      const { saved, event } = await saveAndWait(document);
      checkOutcome(c.expect.save, saved, event.message);
      if (!saved) {
        assert.strictEqual(document.isDirty, true, 'a failed save leaves the document dirty');
        assert.strictEqual(document.getText(), text, "a failed save keeps the user's text byte for byte");
        server.clearFaults();
        // A dropped PATCH that Tavus applied anyway moved the server copy: retrying then is a conflict.
        if (/part of the patch/.test(event.message)) {
          await vscode.commands.executeCommand('tavus.revertToServerVersion', document.uri);
        } else assert.strictEqual((await saveAndWait(document)).saved, true, 'saving again works once the fault clears');
      }
      await waitFor(() => !document.isDirty, 'the document to be clean');
      assert.strictEqual(JSON.parse(document.getText()).context, `Edited under ${c.name}`);
    },
    apply: async (c, id) => {
      const folder = vscode.workspace.workspaceFolders![0]!.uri;
      const uri = vscode.Uri.joinPath(folder, `fault-${id}.tavus-patch.json`);
      const value = `Patched under ${c.name}`;
      await vscode.workspace.fs.writeFile(uri, Buffer.from(patchFileText(id, [{ op: 'replace', path: '/context', value }])));
      server.injectFault({ ...c.fault, match: { method: 'PATCH' } });
      const result = await applyPatch(uri);
      checkOutcome(c.expect.apply, result.outcome === 'applied', result.message);
      server.clearFaults();
      if (result.outcome !== 'applied') {
        const again = await applyPatch(uri);
        assert.ok(
          ['applied', 'noChanges'].includes(again.outcome),
          `applying again works once the fault clears: ${again.message}`,
        );
      }
      assert.strictEqual(server.getStored(id)!.context, value);
    },
  };

  const THEIRS = 'Set by another client';
  const expected = CHANGED_MEANWHILE.expect;

  /** The other client's change; `/system_prompt` is apart from the user's `/context`. */
  function changeElsewhere(id: string, path: '/system_prompt' | '/context' | '/persona_name'): void {
    server.updateAsOtherClient(id, [{ op: 'add', path, value: THEIRS }]);
  }

  /** Answers the write's questions with `decision` from now on; `meanwhile` runs while its preview is open. */
  function answerMoved(decision: MovedDecision, meanwhile?: () => void): ScriptedPrompts {
    const prompts = new ScriptedPrompts();
    prompts.conflict = decision;
    prompts.whilePreviewing = meanwhile;
    services.save.transaction.prompts = prompts;
    return prompts;
  }

  function patchCount(): number {
    return server.requests.filter((request) => request.method === 'PATCH').length;
  }

  /** The user's change is to `/context`; the other client's is apart from it first (Merge), then on it. */
  const runChangedMeanwhile: Record<Operation, (id: string) => Promise<void>> = {
    list: async (id) => {
      await services.catalog.refresh();
      changeElsewhere(id, '/persona_name');
      await vscode.commands.executeCommand('tavus.refreshPersonas');
      checkOutcome(expected.list, services.catalog.current.kind === 'ready', undefined);
      const listed = services.catalog.personas().find((persona) => personaId(persona) === id);
      assert.strictEqual(listed?.persona_name, THEIRS);
    },
    open: async (id) => {
      await services.catalog.refresh();
      changeElsewhere(id, '/system_prompt');
      const document = await vscode.workspace.openTextDocument(personaUri(id, 'meanwhile'));
      checkOutcome(expected.open, true, undefined);
      assert.strictEqual(document.getText(), formatPersona(server.getStored(id)!), 'the current copy, not the listed one');
    },
    save: async (id) => {
      const document = await vscode.workspace.openTextDocument(personaUri(id, 'meanwhile'));
      const edit = async (context: string) => {
        const text = formatPersona({ ...(JSON.parse(document.getText()) as Persona), context });
        assert.ok(await replaceAllText(document, text));
        return text;
      };
      await edit('Mine');
      const apart = answerMoved('merge', () => changeElsewhere(id, '/system_prompt'));
      const merged = await saveAndWait(document);
      checkOutcome(expected.save, merged.saved, merged.event.message);
      assert.deepStrictEqual(
        apart.conflicts.map((moved) => moved.canMerge),
        [true],
      );
      assert.deepStrictEqual(pick(server.getStored(id)!), { context: 'Mine', system_prompt: THEIRS });
      await waitFor(() => !document.isDirty && document.getText() === formatPersona(server.getStored(id)!), 'the merge shown');

      const text = await edit('Mine, again');
      const overlapping = answerMoved('cancel', () => changeElsewhere(id, '/context'));
      const patches = patchCount();
      assert.strictEqual((await saveAndWait(document)).saved, false);
      assert.deepStrictEqual(
        overlapping.conflicts.map((moved) => moved.overlaps),
        [[`/context — yours: "Mine, again", Tavus now: "${THEIRS}"`]],
      );
      assert.strictEqual(patchCount(), patches, 'nothing is sent until the user chooses');
      assert.strictEqual(document.isDirty, true);
      assert.strictEqual(document.getText(), text, "the user's text is kept byte for byte");
      assert.strictEqual(server.getStored(id)!.context, THEIRS);

      answerMoved('overwrite');
      assert.strictEqual((await saveAndWait(document)).saved, true, 'Overwrite sends');
      assert.deepStrictEqual(pick(server.getStored(id)!), { context: 'Mine, again', system_prompt: THEIRS });
    },
    apply: async (id) => {
      // One file per value: a file rewritten on disk may reach its open document after the apply reads it.
      const patchFile = async (value: string) => {
        const folder = vscode.workspace.workspaceFolders![0]!.uri;
        const uri = vscode.Uri.joinPath(folder, `meanwhile-${id}-${value.length}.tavus-patch.json`);
        await vscode.workspace.fs.writeFile(uri, Buffer.from(patchFileText(id, [{ op: 'replace', path: '/context', value }])));
        return uri;
      };
      const apart = answerMoved('merge', () => changeElsewhere(id, '/system_prompt'));
      const merged = await applyPatch(await patchFile('Mine'));
      checkOutcome(expected.apply, merged.outcome === 'applied', merged.message);
      assert.deepStrictEqual(
        apart.conflicts.map((moved) => moved.canMerge),
        [true],
      );
      assert.deepStrictEqual(pick(server.getStored(id)!), { context: 'Mine', system_prompt: THEIRS });

      const again = await patchFile('Mine, again');
      const overlapping = answerMoved('cancel', () => changeElsewhere(id, '/context'));
      const patches = patchCount();
      assert.strictEqual((await applyPatch(again)).outcome, 'conflict');
      assert.deepStrictEqual(
        overlapping.conflicts.map((moved) => moved.overlaps),
        [[`/context — yours: "Mine, again", Tavus now: "${THEIRS}"`]],
      );
      assert.strictEqual(patchCount(), patches, 'nothing is sent until the user chooses');
      assert.strictEqual(server.getStored(id)!.context, THEIRS);

      assert.strictEqual((await applyPatch(again)).outcome, 'applied', 'applying again plans against the current copy');
      assert.deepStrictEqual(pick(server.getStored(id)!), { context: 'Mine, again', system_prompt: THEIRS });
    },
  };

  /** Applies the file; the message is what the user was shown. */
  async function applyPatch(uri: vscode.Uri): Promise<{ outcome: ApplyResult['kind']; message: string }> {
    const shown: string[] = [];
    const subscription = services.notifier.onDidShow((notice) => shown.push(notice.message));
    try {
      const result = await vscode.commands.executeCommand<ApplyResult>('tavus.applyPatchFile', uri);
      return { outcome: result.kind, message: shown.join('\n') };
    } finally {
      subscription.dispose();
    }
  }

  /** Ctrl+S; the message is what the user was shown. */
  async function saveAndWait(document: vscode.TextDocument): Promise<{ saved: boolean; event: { message: string } }> {
    const events: SaveEvent[] = [];
    const shown: string[] = [];
    const subscriptions = [
      services.save.saver.onDidFinishSave((event) => events.push(event)),
      services.notifier.onDidShow((notice) => shown.push(notice.message)),
    ];
    try {
      const saved = (await vscode.commands.executeCommand<boolean>('tavus.savePersona', document.uri)) === true;
      await waitFor(() => events[0], 'the save outcome');
      return { saved, event: { message: shown.join('\n') } };
    } finally {
      subscriptions.forEach((subscription) => subscription.dispose());
    }
  }

  for (const c of FAULT_CASES) {
    for (const operation of OPERATIONS) {
      it(`${operation} × ${c.name}`, async function () {
        this.timeout(30_000);
        await setSetting('requestTimeoutSeconds', c.timeoutSeconds);
        await run[operation](c, spareIds.shift()!);
      });
    }
  }

  for (const operation of OPERATIONS) {
    it(`${operation} × ${CHANGED_MEANWHILE.name}`, async function () {
      this.timeout(30_000);
      await setSetting('confirmBeforeApply', true);
      try {
        await runChangedMeanwhile[operation](spareIds.shift()!);
      } finally {
        services.save.transaction.prompts = APPLY_EVERYTHING;
        await setSetting('confirmBeforeApply', undefined);
      }
    });
  }
});

/** The two fields the concurrent-change cases write. */
function pick(persona: Persona): { context: unknown; system_prompt: unknown } {
  return { context: persona.context, system_prompt: persona.system_prompt };
}

function checkOutcome(expected: Expectation, succeeded: boolean, message: string | undefined): void {
  assert.strictEqual(succeeded, expected.succeeds, `expected ${expected.behaviour}; got ${message ?? 'success'}`);
  if (expected.message) assert.match(message ?? '', expected.message);
}
