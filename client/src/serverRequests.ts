// The client's side of the custom requests in shared/protocol.ts: what needs the Dockerfile or compose
// model is computed by the language server, so the extension bundle carries no analysis code.
import type { DockwrightLanguageClient as LanguageClient } from './lsp/client';
import { ComposeServicesRequest, LocateBuildFailureRequest, type ComposeFileModel, type RequestSpec } from '../../shared/protocol';
import type { FailureLocator } from './engine/operations';

let resolveClient: (client: LanguageClient) => void;
let started: Promise<LanguageClient> = new Promise((r) => (resolveClient = r));

/** Called by activate() once the language client has started. */
export function languageClientStarted(client: LanguageClient): void {
  resolveClient(client);
}

/** After deactivate(): later requests wait for the next start instead of going to a stopped client. */
export function languageClientStopped(): void {
  started = new Promise((r) => (resolveClient = r));
}

const START_TIMEOUT_MS = 30_000;

async function request<P, R>(spec: RequestSpec<P, R>, params: P): Promise<R> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the Dockwright language server did not start')), START_TIMEOUT_MS);
  });
  try {
    const client = await Promise.race([started, timeout]);
    return await client.sendRequest<R>(spec.method, params);
  } finally {
    clearTimeout(timer);
  }
}

/** The services of one compose file (read by the server's compose model). */
export function readComposeFile(text: string): Promise<ComposeFileModel> {
  return request(ComposeServicesRequest, { text });
}

/** Build-failure → Dockerfile line, by the server's Dockerfile model. */
export const locateFailure: FailureLocator = async (dockerfileText, failure, service) =>
  (await request(LocateBuildFailureRequest, { dockerfileText, failure, service })) ?? undefined;
