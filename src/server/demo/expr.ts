/**
 * The arithmetic of the demo slot language (see demo/README.md): a slot written as a string
 * is an expression such as "total - int(2, 9)" or "dec(int(78, 124) / 10)".
 *
 *   numbers      12, 0.25, -3
 *   slot names   total, prod.lo (a number carried by the item picked into slot `prod`)
 *   operators    + - * / and parentheses
 *   int(a, b)    a uniform integer in [a, b], both ends included
 *   pick(a, …)   one of the numbers, uniformly
 *   min, max     of two or more numbers
 *   dec(x[, d])  text: x with d (default 1) decimals and a comma, as editors write it
 *   temp(x)      text: a temperature with its sign, "+12", "−3", "0", "+37,2"
 *   range(a, b)  text: "−3…+2", smaller end first
 *
 * Text functions only stand outermost: their result is the slot's text, never an operand.
 * Expressions are parsed once, when the data is loaded, so a typo fails before any story.
 */
import type { Rng } from './rng.ts';
import { dec } from './text.ts';

export type ExprValue = number | string;

/** What an expression may read while it is evaluated. */
export interface ExprScope {
  readonly rng: Rng;
  /** The number in slot `name` (or its field); throws when there is none. */
  num(name: string, field: string | undefined): number;
}

type Node =
  | { readonly k: 'num'; readonly v: number }
  | { readonly k: 'ref'; readonly name: string; readonly field: string | undefined }
  | { readonly k: 'neg'; readonly a: Node }
  | { readonly k: 'bin'; readonly op: string; readonly a: Node; readonly b: Node }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly Node[] };

const NUMBER_FNS: Readonly<Record<string, [min: number, max: number]>> = {
  int: [2, 2],
  pick: [1, 64],
  min: [2, 64],
  max: [2, 64],
};
const TEXT_FNS: Readonly<Record<string, [min: number, max: number]>> = {
  dec: [1, 2],
  temp: [1, 1],
  range: [2, 2],
};

export interface Expr {
  readonly source: string;
  /** Slot names the expression reads (without fields). */
  readonly refs: readonly string[];
  evaluate(scope: ExprScope): ExprValue;
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_]\w*(?:\.\w+)?)|([-+*/(),]))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(src);
    if (!m) throw new Error(`cannot read "${src.slice(at).trim()}" in expression "${src}"`);
    out.push((m[1] ?? m[2] ?? m[3])!);
  }
  return out;
}

/** Recursive descent over the token list: sum := product (± product)*, and so on. */
function parse(src: string): Node {
  const tokens = tokenize(src);
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} in expression "${src}"`);
  };
  const peek = () => tokens[i];
  const take = (t: string): boolean => {
    if (tokens[i] !== t) return false;
    i++;
    return true;
  };

  function sum(): Node {
    let a = product();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      i++;
      a = { k: 'bin', op, a, b: product() };
    }
    return a;
  }
  function product(): Node {
    let a = unary();
    for (let op = peek(); op === '*' || op === '/'; op = peek()) {
      i++;
      a = { k: 'bin', op, a, b: unary() };
    }
    return a;
  }
  function unary(): Node {
    if (take('-')) return { k: 'neg', a: unary() };
    return atom();
  }
  function atom(): Node {
    const t = tokens[i++];
    if (t === undefined) return fail('unexpected end');
    if (t === '(') {
      const inner = sum();
      if (!take(')')) fail('missing ")"');
      return inner;
    }
    if (/^\d/.test(t)) return { k: 'num', v: Number(t) };
    if (!/^[A-Za-z_]/.test(t)) return fail(`unexpected "${t}"`);
    if (!take('(')) {
      const dot = t.indexOf('.');
      return dot < 0
        ? { k: 'ref', name: t, field: undefined }
        : { k: 'ref', name: t.slice(0, dot), field: t.slice(dot + 1) };
    }
    const args: Node[] = [];
    if (!take(')')) {
      do args.push(sum());
      while (take(','));
      if (!take(')')) fail(`missing ")" after the arguments of ${t}()`);
    }
    return { k: 'call', fn: t, args };
  }

  const root = sum();
  if (i < tokens.length) fail(`unexpected "${tokens[i]}"`);
  return root;
}

function check(node: Node, top: boolean, src: string, refs: Set<string>): void {
  switch (node.k) {
    case 'num':
      return;
    case 'ref':
      refs.add(node.name);
      return;
    case 'neg':
      check(node.a, false, src, refs);
      return;
    case 'bin':
      check(node.a, false, src, refs);
      check(node.b, false, src, refs);
      return;
    case 'call': {
      const arity = NUMBER_FNS[node.fn] ?? TEXT_FNS[node.fn];
      if (!arity) throw new Error(`unknown function ${node.fn}() in expression "${src}"`);
      if (TEXT_FNS[node.fn] && !top) {
        throw new Error(`${node.fn}() makes text, so it must stand outermost in "${src}"`);
      }
      if (node.args.length < arity[0] || node.args.length > arity[1]) {
        throw new Error(`${node.fn}() takes ${arity.join('–')} arguments in "${src}"`);
      }
      for (const a of node.args) check(a, false, src, refs);
    }
  }
}

/** "+12", "−3", "0": the minus sign, not a hyphen; fractions keep one decimal. */
export function temperature(n: number): string {
  const s = dec(Math.abs(n));
  return n > 0 ? `+${s}` : n < 0 ? `−${s}` : '0';
}

function num(node: Node, scope: ExprScope): number {
  switch (node.k) {
    case 'num':
      return node.v;
    case 'ref':
      return scope.num(node.name, node.field);
    case 'neg':
      return -num(node.a, scope);
    case 'bin': {
      const a = num(node.a, scope);
      const b = num(node.b, scope);
      return node.op === '+' ? a + b : node.op === '-' ? a - b : node.op === '*' ? a * b : a / b;
    }
    case 'call': {
      const args = node.args.map((x) => num(x, scope));
      switch (node.fn) {
        case 'int':
          return scope.rng.int(Math.ceil(args[0]!), Math.floor(args[1]!));
        case 'pick':
          return scope.rng.pick(args);
        case 'min':
          return Math.min(...args);
        case 'max':
          return Math.max(...args);
      }
      throw new Error(`${node.fn}() makes text and cannot be an operand`);
    }
  }
}

/** Parses and checks an expression; throws with the expression quoted when it is wrong. */
export function compileExpr(source: string): Expr {
  const root = parse(source);
  const refs = new Set<string>();
  check(root, true, source, refs);
  return {
    source,
    refs: [...refs],
    evaluate(scope: ExprScope): ExprValue {
      if (root.k !== 'call' || !TEXT_FNS[root.fn]) {
        // Fractions would print as "41,370000001"; a decimal needs dec() to say how to round.
        const v = num(root, scope);
        if (!Number.isInteger(v)) throw new Error(`"${source}" gave ${v}; wrap a fraction in dec()`);
        return v;
      }
      const args = root.args.map((x) => num(x, scope));
      if (root.fn === 'dec') return dec(args[0]!, args[1] ?? 1);
      if (root.fn === 'temp') return temperature(args[0]!);
      const [a, b] = [Math.min(args[0]!, args[1]!), Math.max(args[0]!, args[1]!)];
      return `${temperature(a)}…${temperature(b)}`;
    },
  };
}
