import * as assert from 'assert';
import * as vscode from 'vscode';

describe('extension host', () => {
  it('activates the extension, which serves persona documents on the tavus: file system', async () => {
    const extension = vscode.extensions.getExtension('tavus-persona-tools.tavus-persona-editor');
    assert.ok(extension, 'the extension under development is not loaded');
    await extension.activate();
    assert.notStrictEqual(
      vscode.workspace.fs.isWritableFileSystem('tavus'),
      undefined,
      'no file system is registered for tavus:',
    );
  });
});
