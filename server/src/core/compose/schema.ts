import type { ErrorObject } from 'ajv';
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Range } from '../types';
// The compose-spec schema (../data/compose-spec.json) precompiled at build time by
// scripts/generate-compose-validator.mjs (ajv standalone code): nothing is compiled when the process starts.
import compiledValidator from './composeValidator.generated';
import type { ComposeModel, ComposeProblem } from './model';
import { deref, toRange } from './yamlNodes';

/** Schema problems of a parsed compose file, each on the key or value it is about. */
export function validateComposeSchema(model: ComposeModel): ComposeProblem[] {
  if (model.data === undefined || model.data === null) return [];
  if (typeof model.data !== 'object' || Array.isArray(model.data)) {
    return [{ message: 'A compose file must be a mapping (services:, volumes:, …).', range: toRange(model.lines, model.doc.contents as any) ?? zero() }];
  }
  const validate = compiledValidator;
  if (validate(model.data)) return [];
  const errors = simplify(validate.errors ?? []);
  const seen = new Set<string>();
  const out: ComposeProblem[] = [];
  for (const error of errors) {
    const problem = toProblem(model, error);
    const key = `${problem.range.start.line}:${problem.range.start.character}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(problem);
  }
  return out;
}

function zero(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** Drops the noise `oneOf` produces: keep the most specific errors under each failing path. */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const deeperThan = (e: ErrorObject) => errors.some((o) => o !== e && (o.instancePath.startsWith(e.instancePath + '/') || (o.instancePath === e.instancePath && !isGeneric(o))));
  const isGeneric = (e: ErrorObject) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'type';
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    if (isGeneric(e) && deeperThan(e)) return false;
    return true;
  });
}

function segments(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function findNode(model: ComposeModel, path: string[]): { node?: Node; key?: Node } {
  let node: unknown = model.doc.contents;
  let key: Node | undefined;
  for (const seg of path) {
    node = deref(model.doc, node);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) return { node: node as Node, key };
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node)) {
      key = undefined;
      node = node.items[Number(seg)];
    } else return { node: node as Node, key };
  }
  return { node: deref(model.doc, node) as Node | undefined, key };
}

function toProblem(model: ComposeModel, error: ErrorObject): ComposeProblem {
  const path = segments(error.instancePath);
  const where = path.length ? path.join('.') : 'top level';
  const { node, key } = findNode(model, path);
  const rangeOf = (n: Node | undefined) => toRange(model.lines, n as any);
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty?: string }).additionalProperty);
    const { key: extraKey } = findNode(model, [...path, extra]);
    return { message: `${where}: property "${extra}" is not allowed by the compose specification.`, range: rangeOf(extraKey) ?? rangeOf(key) ?? zero() };
  }
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'enum') message += `: ${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'required') return { message: `${where}: ${message}.`, range: rangeOf(key) ?? rangeOf(node) ?? zero() };
  return { message: `${where}: ${message}.`, range: rangeOf(node) ?? rangeOf(key) ?? zero() };
}
