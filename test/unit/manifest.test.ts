import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { COMMAND_IDS } from '../../src/commands/ids';
import { NUMBER_BOUNDS, SETTING_DEFAULTS } from '../../src/core/settings';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

interface MenuEntry {
  command: string;
  when?: string;
}

interface Manifest {
  contributes: {
    commands: Array<{ command: string; title: string; icon?: string }>;
    menus: Record<string, Array<MenuEntry & { group?: string }>>;
    viewsWelcome: Array<{ contents: string; when?: string }>;
    configuration: { properties: Record<string, { default: unknown; minimum?: number; maximum?: number }> };
  };
}

/**
 * The commands that ask for something (text, a choice) before acting, wherever they are invoked:
 * only their titles end with "…" (issue 20, item 9). A confirmation (the save preview, End All's
 * modal) is not a question; nor is the persona picker of a command that, from a tree item or the
 * active document, acts on that persona without asking.
 */
const ALWAYS_ASKS = [
  'tavus.filterPersonas',
  'tavus.filterPushHistory',
  // An undo: its preview names what goes back (README, Commands).
  'tavus.revertLastChange',
  'tavus.openPersonaById',
  'tavus.setApiKey',
  'tavus.changePatchTarget',
  'tavus.startTestConversationWithOptions',
  // The starting point; the new name.
  'tavus.newPersona',
  'tavus.duplicatePersona',
  // Its warning names what will be lost and is asked on every run, whatever the settings (README, Commands).
  'tavus.deletePersona',
  // Which persona (unless from its row) and where to write it: the file that already names it, to start with.
  'tavus.pullPersonaToWorkspace',
  // Which other connection to push the file to (a button may name it; the palette never does).
  'tavus.pushPersonaFileToConnection',
  // Which connection; a new one's name, base URL and key; which one to remove (and its warning).
  'tavus.switchConnection',
  'tavus.addConnection',
  'tavus.removeConnection',
];

/** Context keys VS Code itself sets, as far as this manifest uses them. */
const BUILT_IN_CONTEXT_KEYS = new Set([
  'view',
  'viewItem',
  'resourceScheme',
  'resourceFilename',
  'activeEditorIsDirty',
  'activeEditorIsReadonly',
]);

function sourceFiles(): Array<{ path: string; text: string }> {
  const folder = join(root, 'src');
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({
      path: relative(root, join(folder, file)).split('\\').join('/'),
      text: readFileSync(join(folder, file), 'utf8'),
    }));
}

function matchesIn(pattern: RegExp): Set<string> {
  const found = new Set<string>();
  for (const { text } of sourceFiles()) for (const match of text.matchAll(pattern)) found.add(match[1]!);
  return found;
}

/** The keys a `when` clause reads: the left side of each comparison, and bare or negated keys. */
function contextKeysOf(when: string): string[] {
  const withoutLiterals = when.replace(/\/(?:\\.|[^/\\])*\//g, '""').replace(/'[^']*'|"[^"]*"/g, '""');
  return withoutLiterals
    .split(/&&|\|\||[()]/)
    .map((term) => term.trim().replace(/^!+\s*/, ''))
    .filter((term) => term !== '')
    .map((term) => /^[\w.]+/.exec(term)?.[0] ?? term)
    .filter((key) => key !== 'true' && key !== 'false');
}

function allWhenClauses(): string[] {
  const { menus, viewsWelcome } = manifest.contributes;
  return [...Object.values(menus).flat(), ...viewsWelcome].map((entry) => entry.when).filter((when) => when !== undefined);
}

describe('package.json matches the code', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command);

  it('contributes exactly the commands of the command table', () => {
    assert.deepEqual([...contributed].sort(), [...COMMAND_IDS].sort());
  });

  it('names only contributed commands in menus, welcome views and the code', () => {
    const menuCommands = Object.values(manifest.contributes.menus)
      .flat()
      .map((entry) => entry.command);
    const welcomeCommands = manifest.contributes.viewsWelcome.flatMap((view) =>
      [...view.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]),
    );
    const codeCommands = [...matchesIn(/(?:executeCommand\(|command: )'(tavus\.\w+)'/g)];
    for (const command of [...menuCommands, ...welcomeCommands, ...codeCommands]) {
      assert.ok(contributed.includes(command!), `${command} is not a contributed command`);
    }
  });

  it('uses in when clauses only context keys the code sets or VS Code sets', () => {
    const setByCode = matchesIn(/setContextKey\(\s*'([\w.]+)'/g);
    for (const when of allWhenClauses()) {
      for (const key of contextKeysOf(when)) {
        assert.ok(BUILT_IN_CONTEXT_KEYS.has(key) || setByCode.has(key), `"${key}" in "${when}" is never set`);
      }
    }
  });

  it('sets context keys only through setContextKey, so the check above sees them all', () => {
    const direct = sourceFiles().filter(({ path, text }) => path !== 'src/ui/contextKeys.ts' && text.includes("'setContext'"));
    assert.deepEqual(
      direct.map((file) => file.path),
      [],
    );
  });

  it('declares exactly the settings Config reads, with the same defaults and bounds', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(
      Object.keys(properties).sort(),
      Object.keys(SETTING_DEFAULTS)
        .map((name) => `tavus.${name}`)
        .sort(),
    );
    for (const [name, fallback] of Object.entries(SETTING_DEFAULTS)) {
      assert.deepEqual(properties[`tavus.${name}`]!.default, fallback, name);
    }
    for (const [name, bounds] of Object.entries(NUMBER_BOUNDS)) {
      assert.deepEqual(
        [properties[`tavus.${name}`]!.minimum, properties[`tavus.${name}`]!.maximum],
        [bounds.min, bounds.max],
        name,
      );
    }
  });

  it('registers the Personas view synchronously in activate(), so VS Code never shows "no data provider" (issue 20, item 3)', () => {
    const extension = sourceFiles().find((file) => file.path === 'src/extension.ts')!.text;
    const activate = /export function activate\([^)]*\): \w+ \{([\s\S]*?)\n\}/.exec(extension)?.[1] ?? '';
    assert.match(activate, /registerPersonaTree\(/);
    assert.doesNotMatch(activate, /\bawait\b/);
  });

  it('reads settings only through Config', () => {
    const readers = sourceFiles()
      .filter(({ path, text }) => text.includes('getConfiguration(') && path !== 'src/config.ts')
      .map((file) => file.path);
    assert.deepEqual(readers, []);
  });

  describe('menus and icons (issue 20, item 9)', () => {
    const menu = (name: string, command: string) =>
      manifest.contributes.menus[name]!.filter((entry) => entry.command === command);
    const command = (id: string) => manifest.contributes.commands.find((c) => c.command === id)!;

    it('Open Persona by ID does not use the "open in browser" icon', () => {
      assert.notEqual(command('tavus.openPersonaById').icon, '$(link-external)');
    });

    it('offers Show Log in the view\'s "…" menu', () => {
      const entries = menu('view/title', 'tavus.showLog');
      assert.ok(entries.some((entry) => entry.group !== undefined && !entry.group.startsWith('navigation')));
    });

    it('offers Preview Changes in the editor context menu only for a dirty document', () => {
      for (const entry of menu('editor/context', 'tavus.previewChanges')) assert.match(entry.when ?? '', /activeEditorIsDirty/);
    });

    it('hides the view title actions that need a key while there is none, and Refresh while loading', () => {
      for (const id of ['tavus.refreshPersonas', 'tavus.filterPersonas', 'tavus.openPersonaById']) {
        for (const entry of menu('view/title', id)) assert.match(entry.when ?? '', /tavus\.apiKey == set/, id);
      }
      for (const entry of menu('view/title', 'tavus.refreshPersonas')) assert.match(entry.when ?? '', /!tavus\.personasLoading/);
      assert.match(menu('view/title', 'tavus.cancelLoading')[0]?.when ?? '', /tavus\.personasLoading/);
    });

    it('shows welcome texts only once the key state is known, so none flashes before activation', () => {
      for (const view of manifest.contributes.viewsWelcome) assert.match(view.when ?? '', /^tavus\.apiKey == \w+$/);
    });

    it('names patch-file apply one way: Apply Patch File', () => {
      assert.equal(command('tavus.applyPatchFile').title, 'Apply Patch File');
      assert.ok(!manifest.contributes.commands.some((c) => /Preview & Apply/.test(c.title)));
    });

    it('ends a title with "…" exactly when the command always asks for something before acting', () => {
      const withEllipsis = manifest.contributes.commands.filter((c) => c.title.endsWith('…')).map((c) => c.command);
      assert.deepEqual(withEllipsis.sort(), [...ALWAYS_ASKS].sort());
    });

    it('ends a CodeLens or tree-item title with "…" only when its command always asks', () => {
      const titled = [
        ...sourceFiles().flatMap(({ text }) =>
          [...text.matchAll(/title: '([^']*)',\s*command: '(tavus\.\w+)'/g)].map((m) => ({ title: m[1]!, id: m[2]! })),
        ),
        ...sourceFiles().flatMap(({ text }) =>
          [...text.matchAll(/command: '(tavus\.\w+)',\s*title: '([^']*)'/g)].map((m) => ({ title: m[2]!, id: m[1]! })),
        ),
      ];
      assert.ok(
        titled.some((entry) => entry.id === 'tavus.applyPatchFile'),
        'the scan finds the patch-file CodeLenses',
      );
      for (const { title, id } of titled) {
        if (title.endsWith('…')) assert.ok(ALWAYS_ASKS.includes(id), `"${title}" runs ${id}, which does not always ask`);
      }
    });
  });
});
