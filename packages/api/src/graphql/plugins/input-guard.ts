import { GraphQLError, Kind, type DocumentNode, type ValueNode, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../../errors.js';

/**
 * Refuses text holding a null byte (U+0000) in any argument, written in the query or passed as a
 * variable: PostgreSQL text cannot store it, and without this check the statement fails as an
 * unexpected error. The caller gets BAD_USER_INPUT naming the argument (and the variable).
 */
export function inputGuard(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = nullByteError(args.document, args.variableValues ?? undefined);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = nullByteError(args.document, args.variableValues ?? undefined);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}

const NUL = '\0';

/** Where a variable is used: `producers(filter.search)`, for the message. */
interface Use {
  field: string;
  argument: string;
}

const isPlain = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/** Paths (`filter.search`, `ids[2]`) under `root` whose text or key holds a null byte; iterative, so deep input cannot overflow the stack. */
function nullBytePath(root: unknown, rootPath: string): string | null {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes(NUL)) return path;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[${i}]`]);
    } else if (isPlain(value)) {
      for (const [key, inner] of Object.entries(value)) {
        if (key.includes(NUL)) return `${path}.${key.replace(/\0/g, '\\0')}`;
        stack.push([inner, `${path}.${key}`]);
      }
    }
    // Anything else (numbers, booleans, uploaded files) holds no text to store.
  }
  return null;
}

/** The same over a literal in the query; variables inside it are recorded with where they are used. */
function literalNullBytePath(root: ValueNode, rootPath: string, use: Omit<Use, 'argument'>, uses: Map<string, Use>): string | null {
  const stack: [ValueNode, string][] = [[root, rootPath]];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    switch (node.kind) {
      case Kind.STRING:
        if (node.value.includes(NUL)) return path;
        break;
      case Kind.LIST:
        for (let i = node.values.length - 1; i >= 0; i--) stack.push([node.values[i]!, `${path}[${i}]`]);
        break;
      case Kind.OBJECT:
        for (const field of node.fields) stack.push([field.value, `${path}.${field.name.value}`]);
        break;
      case Kind.VARIABLE:
        if (!uses.has(node.name.value)) uses.set(node.name.value, { ...use, argument: path });
        break;
      default:
        break;
    }
  }
  return null;
}

const badInput = (message: string, field: string, extra: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, field, ...extra } });

/** What a document's text says, read once per parsed document (yoga reuses it for the same query text). */
interface DocumentScan {
  uses: Map<string, Use>;
  literal: GraphQLError | null;
}
const scanned = new WeakMap<DocumentNode, DocumentScan>();

export function nullByteError(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | null {
  let scan = scanned.get(document);
  if (!scan) {
    scan = scanDocument(document);
    scanned.set(document, scan);
  }
  if (scan.literal) return scan.literal;
  const { uses } = scan;
  for (const [name, value] of Object.entries(variables ?? {})) {
    const path = nullBytePath(value, `$${name}`);
    if (!path) continue;
    const use = uses.get(name);
    // Name the argument the variable feeds: `$filter.search` used as `filter` is the argument `filter.search`.
    const argumentPath = use ? use.argument + path.slice(name.length + 1) : null;
    return badInput(
      use
        ? `Variable "${path}" (argument "${argumentPath}" of "${use.field}") holds a null byte (U+0000), which text cannot contain; remove it.`
        : `Variable "${path}" holds a null byte (U+0000), which text cannot contain; remove it.`,
      argumentPath ?? path,
      { variable: name },
    );
  }
  return null;
}

/** The literal arguments' null bytes and where each variable is used, from the document alone. */
function scanDocument(document: DocumentNode): DocumentScan {
  const uses = new Map<string, Use>();
  let found: GraphQLError | null = null;
  const fields: string[] = [];
  visit(document, {
    Field: {
      enter: (node) => {
        fields.push(node.name.value);
      },
      leave: () => {
        fields.pop();
      },
    },
    Directive: {
      enter: (node) => {
        fields.push(`@${node.name.value}`);
      },
      leave: () => {
        fields.pop();
      },
    },
    Argument(node) {
      if (found) return;
      const field = fields.at(-1) ?? '';
      const path = literalNullBytePath(node.value, node.name.value, { field }, uses);
      if (path) {
        found = badInput(`Argument "${path}" of "${field}" holds a null byte (U+0000), which text cannot contain; remove it.`, path, {
          argument: node.name.value,
        });
      }
    },
  });
  return { uses, literal: found };
}
