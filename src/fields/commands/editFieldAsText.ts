import * as vscode from 'vscode';
import { refusedForOtherConnection } from '../../connections/guard';
import type { FieldOwner } from '../../core/fieldText';
import { stringLiteralAt } from '../../core/fieldLenses';
import { personaId } from '../../core/personaRules';
import { parsePointer } from '../../core/pointer';
import { pointerAtOffset } from '../../core/pointerAtOffset';
import { isPatchDocument } from '../../patches/patchDocuments';
import type { PersonaNode } from '../../personas/tree';
import { isPersonaUri, personaIdFromUri } from '../../personas/uri';
import type { Services } from '../../services';
import { openField, personaValue } from '../openField';

/** What the tree's context menu opens: the field people tune most. */
const TREE_FIELD = '/system_prompt';

/**
 * Tavus: Edit Field as Text. From a CodeLens (document and pointer), a persona in the tree (its
 * system_prompt), or the palette (the string at the cursor of a persona document or patch file).
 */
export function editFieldAsText(services: Services): (...args: unknown[]) => unknown {
  return async (target?: unknown, pointerArg?: unknown) => {
    if (isPersonaNode(target)) {
      const id = personaId(target.persona) ?? '';
      return openField(services, { kind: 'persona', id }, TREE_FIELD, await personaValue(services, id, TREE_FIELD));
    }
    const editor = vscode.window.activeTextEditor;
    const uri = target instanceof vscode.Uri ? target : editor?.document.uri;
    const document = uri && vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri.toString());
    const pointer =
      typeof pointerArg === 'string'
        ? pointerArg
        : editor && document === editor.document
          ? pointerAtOffset(document.getText(), document.offsetAt(editor.selection.active))
          : undefined;
    if (!uri || !document || pointer === undefined || !(isPersonaUri(uri) || isPatchDocument(document))) {
      void services.notifier.info('Put the cursor in a text value of a persona document (or a patch file) first.');
      return undefined;
    }
    if (isPersonaUri(uri)) {
      if (refusedForOtherConnection(uri, services.connections, services.notifier)) return undefined;
      const id = personaIdFromUri(uri);
      return openField(services, { kind: 'persona', id }, pointer, await personaValue(services, id, pointer));
    }
    const owner: FieldOwner = { kind: 'patchFile', file: uri.toString() };
    return openField(services, owner, pointer, stringLiteralAt(document.getText(), parsePointer(pointer))?.value);
  };
}

function isPersonaNode(value: unknown): value is Extract<PersonaNode, { kind: 'persona' }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'persona' && 'persona' in value;
}
