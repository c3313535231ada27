/**
 * Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`,
 * `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, `$$` (a literal `$`). Defaults may nest (`${A:-${B}}`).
 */

export type Lookup = (name: string) => string | undefined;

export interface VariableUse {
  name: string;
  /** Offsets in the interpolated string (the `$` up to the end of the reference). */
  start: number;
  end: number;
  /** `''` for plain references, else the operator (`:-`, `-`, `:?`, `?`, `:+`, `+`). */
  operator: string;
  /** Text after the operator, before interpolation. */
  argument?: string;
}

export interface InterpolationResult {
  value: string;
  /** Plain references (no default, no `?`) whose variable has no value. */
  unresolved: VariableUse[];
  /** `:?`/`?` references that fail, with their message. */
  errors: { use: VariableUse; message: string }[];
  uses: VariableUse[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const MAX_DEPTH = 10;

export function interpolate(input: string, lookup: Lookup, depth = 0): InterpolationResult {
  const result: InterpolationResult = { value: '', unresolved: [], errors: [], uses: [] };
  let i = 0;
  while (i < input.length) {
    const dollar = input.indexOf('$', i);
    if (dollar < 0) {
      result.value += input.slice(i);
      break;
    }
    result.value += input.slice(i, dollar);
    const next = input[dollar + 1];
    if (next === '$') {
      // Each `$$` is one literal `$`; a run of thousands (hostile files) is appended at once, not pair by pair.
      let end = dollar + 2;
      while (input.charCodeAt(end) === 36) end++;
      const pairs = (end - dollar) >> 1;
      result.value += '$'.repeat(pairs);
      i = dollar + 2 * pairs;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(input, dollar + 1);
      if (close < 0) {
        result.value += input.slice(dollar);
        break;
      }
      const body = input.slice(dollar + 2, close);
      const name = NAME.exec(body)?.[0];
      if (!name) {
        result.value += input.slice(dollar, close + 1);
        i = close + 1;
        continue;
      }
      const rest = body.slice(name.length);
      const op = /^(:-|-|:\?|\?|:\+|\+)?/.exec(rest)![0];
      const use: VariableUse = { name, start: dollar, end: close + 1, operator: op, argument: op ? rest.slice(op.length) : undefined };
      result.uses.push(use);
      const value = lookup(name);
      const set = value !== undefined;
      const nonEmpty = set && value !== '';
      const nested = (text: string) => {
        if (depth >= MAX_DEPTH) return text;
        const inner = interpolate(text, lookup, depth + 1);
        result.unresolved.push(...inner.unresolved.map((u) => ({ ...u, start: u.start + dollar, end: u.end + dollar })));
        result.errors.push(...inner.errors);
        result.uses.push(...inner.uses);
        return inner.value;
      };
      switch (op) {
        case '':
          if (!set) result.unresolved.push(use);
          result.value += value ?? '';
          break;
        case ':-':
          result.value += nonEmpty ? value : nested(use.argument!);
          break;
        case '-':
          result.value += set ? value : nested(use.argument!);
          break;
        case ':?':
        case '?':
          if (op === ':?' ? nonEmpty : set) result.value += value;
          else result.errors.push({ use, message: use.argument || `required variable ${name} is missing a value` });
          break;
        case ':+':
          result.value += nonEmpty ? nested(use.argument!) : '';
          break;
        case '+':
          result.value += set ? nested(use.argument!) : '';
          break;
        default:
          result.value += input.slice(dollar, close + 1);
      }
      i = close + 1;
      continue;
    }
    const name = NAME.exec(input.slice(dollar + 1))?.[0];
    if (!name) {
      result.value += '$';
      i = dollar + 1;
      continue;
    }
    const use: VariableUse = { name, start: dollar, end: dollar + 1 + name.length, operator: '' };
    result.uses.push(use);
    const value = lookup(name);
    if (value === undefined) result.unresolved.push(use);
    result.value += value ?? '';
    i = use.end;
  }
  return result;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Parses a `.env` / `env_file` text: `KEY=VALUE`, `export KEY=VALUE`, quotes, `#` comments, `${VAR}` of earlier lines (then of `fallback`). */
export function parseDotEnv(text: string, fallback?: (name: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*(?:=\s*(.*))?$/.exec(line);
    if (!m) continue;
    let value = m[2] ?? '';
    const quote = value[0];
    if (quote === '"' || quote === "'") {
      let body = value.slice(1);
      // Quoted values may span lines.
      while (body.indexOf(quote) < 0 && n + 1 < lines.length) body += '\n' + lines[++n];
      const end = body.indexOf(quote);
      value = end < 0 ? body : body.slice(0, end);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    // Like Compose, values (except single-quoted ones) may use variables set earlier in the file.
    // An env_file of a service also sees the project's variables (`fallback`: `.env`, the shell).
    if (quote !== "'" && value.includes('$')) value = interpolate(value, (name) => out.get(name) ?? fallback?.(name)).value;
    out.set(m[1], value);
  }
  return out;
}
