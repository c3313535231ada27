// The custom requests of shared/protocol.ts, end to end through the language server: what the extension's
// Build and Services commands ask the server (the client bundle carries no Dockerfile or compose model).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseBuildFailure } from '../../client/src/engine/buildOutput';
import { activeServices } from '../../client/src/engine/composeFile';
import { locateFailure } from '../../server/src/core/build/locateFailure';
import { readComposeFile } from '../../server/src/core/compose/composeServices';
import { ComposeServicesRequest, LocateBuildFailureRequest, type ComposeFileModel, type FailureLocation } from '../../shared/protocol';
import { LspClient } from './lspClient';

const fixtures = path.join(__dirname, '../fixtures/engine');
const project = (name: string) => readFileSync(path.join(__dirname, '../engine/project', name), 'utf8');

describe('custom requests (shared/protocol.ts)', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize(null);
  });
  after(() => client.shutdown());

  it('dockwright/locateBuildFailure maps every recorded build failure as the core function does', async () => {
    const outputs = readdirSync(fixtures).filter((f) => f.endsWith('.txt'));
    let located = 0;
    for (const name of outputs) {
      const failure = parseBuildFailure(readFileSync(path.join(fixtures, name), 'utf8'));
      if (!failure) continue;
      for (const dockerfile of ['broken/Dockerfile', 'multi/Dockerfile']) {
        const text = project(dockerfile);
        for (const service of [undefined, 'broken', 'app']) {
          const viaServer: FailureLocation | null = await client.request<FailureLocation | null>(LocateBuildFailureRequest.method, { dockerfileText: text, failure, service });
          assert.deepEqual(viaServer ?? undefined, locateFailure(text, failure, service), `${name} on ${dockerfile} (${service})`);
          if (viaServer) located++;
        }
      }
    }
    assert.ok(located > 10, `only ${located} failures located`);
    const modern = parseBuildFailure(readFileSync(path.join(fixtures, 'modern-buildx-error.txt'), 'utf8'))!;
    const loc = await client.request<FailureLocation | null>(LocateBuildFailureRequest.method, { dockerfileText: project('broken/Dockerfile'), failure: modern });
    assert.deepEqual([loc?.line, loc?.via], [6, 'line']);
  });

  it('dockwright/composeServices returns the services the core reads; bad parameters give an error, not a crash', async () => {
    const text = project('compose.yaml');
    const model = await client.request<ComposeFileModel>(ComposeServicesRequest.method, { text });
    assert.deepEqual(model, JSON.parse(JSON.stringify(readComposeFile(text))));
    assert.deepEqual(activeServices(model, ['prod']).map((s) => s.name).sort(), ['plain', 'sick', 'web']);
    assert.equal((await client.request<ComposeFileModel>(ComposeServicesRequest.method, { text: 'services: [' })).services.length, 0);
    await assert.rejects(client.request(ComposeServicesRequest.method, { text: 42 }));
    await assert.rejects(client.request(LocateBuildFailureRequest.method, null));
    // Still serving after the bad requests.
    assert.equal((await client.request<ComposeFileModel>(ComposeServicesRequest.method, { text })).services.length, model.services.length);
  });
});
