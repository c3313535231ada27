import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERVER_COMMANDS } from '../../client/src/lsp/serverCommands';
import { LspClient } from './lspClient';

// The VS Code client registers the server's commands itself, before the server has started (activation does not
// wait for it): the list it registers must be exactly what the server advertises.
test('the client registers exactly the commands the server advertises', async () => {
  const client = new LspClient();
  try {
    const init = await client.initialize(null);
    assert.deepEqual([...init.capabilities.executeCommandProvider.commands].sort(), [...SERVER_COMMANDS].sort());
  } finally {
    await client.shutdown();
  }
});
