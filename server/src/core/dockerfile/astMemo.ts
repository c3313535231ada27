import 'dockerfile-ast';
import { ImageTemplate } from 'dockerfile-ast/lib/imageTemplate';
import { Instruction } from 'dockerfile-ast/lib/instruction';

/**
 * dockerfile-ast recomputes an instruction's argument list on every call of `getRawArguments()` — a character scan
 * that also converts every argument's offsets to positions — and `getArguments()`, `getVariables()`, `getFlags()`,
 * `getHeredocs()` and dockerfile-utils' validator call it many times per instruction: it was 43 % of `validate()`'s
 * CPU on the bench corpus. A parsed instruction never changes (it reads a `TextDocument` made once per parse), so the
 * list is computed once per instruction and a copy of the array is returned (callers such as
 * `ModifiableInstruction.getArguments()` shift flags off the array they get; the `Argument` objects themselves are never
 * mutated). Same for `getVariables()` and `getHeredocs()`, which are functions of those arguments and the document.
 *
 *
 * `Dockerfile.resolveVariable()` (called by `Variable.isDefined()` for every variable that validate() checks) walks
 * every instruction through `getFROMs()`, which made validation quadratic in the file's length. An image's FROM list is
 * memoised against its instruction count (the parser only ever appends instructions).
 *
 * `test/unit/astMemo.test.ts` compares `validate()` and the parsed model with and without the memo on every corpus
 * Dockerfile. The bench measures its baselines with a separately loaded, unpatched copy of dockerfile-utils.
 */
type Memoised = 'getRawArguments' | 'getVariables' | 'getHeredocs';

const MEMO = Symbol('dockwright.astMemo');
const INSTALLED = Symbol.for('dockwright.astMemo.installed');

interface MemoHolder {
  [MEMO]?: Partial<Record<Memoised, unknown[]>>;
}

function memoise(name: Memoised): void {
  const proto = Instruction.prototype as unknown as Record<Memoised, (this: Instruction) => unknown[]>;
  const compute = proto[name];
  proto[name] = function (this: Instruction & MemoHolder) {
    const memo = (this[MEMO] ??= {});
    const cached = memo[name] ?? (memo[name] = compute.call(this));
    return cached.slice();
  };
}

const proto = Instruction.prototype as unknown as Record<symbol, boolean>;
if (!proto[INSTALLED]) {
  proto[INSTALLED] = true;
  memoise('getRawArguments');
  memoise('getVariables');
  memoise('getHeredocs');
  memoiseFroms();
}

function memoiseFroms(): void {
  type Template = { instructions: Instruction[]; [MEMO]?: { count: number; froms: Instruction[] } };
  const templateProto = ImageTemplate.prototype as unknown as { getFROMs(this: Template): Instruction[] };
  const compute = templateProto.getFROMs;
  templateProto.getFROMs = function (this: Template) {
    const count = this.instructions.length;
    let memo = this[MEMO];
    if (!memo || memo.count !== count) memo = this[MEMO] = { count, froms: compute.call(this) };
    return memo.froms.slice();
  };
}

export const AST_MEMO_INSTALLED = true;
