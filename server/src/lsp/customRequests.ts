// Handlers of the custom requests in shared/protocol.ts: the client asks the server for what needs the
// Dockerfile or compose model (build-failure mapping, compose services), so it carries no analysis code.
import type { Connection } from 'vscode-languageserver/node';
import { ComposeServicesRequest, LocateBuildFailureRequest, type RequestSpec } from '../../../shared/protocol';
import { locateFailure } from '../core/build/locateFailure';
import { readComposeFile } from '../core/compose/composeServices';

/** Bad parameters (not a string, missing fields) give an error reply, never a crash. */
function onRequest<P, R>(connection: Connection, spec: RequestSpec<P, R>, handler: (params: P) => R): void {
  connection.onRequest(spec.method, (params: P) => handler(params));
}

export function registerCustomRequests(connection: Connection): void {
  onRequest(connection, LocateBuildFailureRequest, (p) => {
    if (typeof p?.dockerfileText !== 'string' || typeof p.failure !== 'object' || p.failure === null) throw new Error('locateBuildFailure: dockerfileText and failure are required');
    return locateFailure(p.dockerfileText, p.failure, typeof p.service === 'string' ? p.service : undefined) ?? null;
  });
  onRequest(connection, ComposeServicesRequest, (p) => {
    if (typeof p?.text !== 'string') throw new Error('composeServices: text is required');
    return readComposeFile(p.text);
  });
}
