import { StructureKind } from 'ts-morph';
import type { ApiIR, ErrorCodeEntry, OperationNode } from '../../ir/types.js';
import type { GeneratedFile } from '../generated-file.js';
import { blankLine, exportedConst, renderSourceFile, type Statement } from '../source-file.js';
import { lowerFirst } from '../../names.js';

export const ERROR_CODES_MODULE = 'error-codes';
export const ERROR_RULES_MODULE = '../runtime/error-rules.js';

/** The open union of error codes and, per operation, the table the client's retry logic reads. */
export function emitErrorCodes(ir: ApiIR, folder: string): GeneratedFile {
  const codes = [...new Set(ir.operations.flatMap((op) => op.errorCodes.flatMap((e) => ('code' in e.match ? [e.match.code] : []))))];
  const statements: Statement[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: ERROR_RULES_MODULE, namedImports: [{ name: 'ErrorCodeRule', isTypeOnly: true }] },
    blankLine,
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: 'KnownErrorCode',
      docs: ['The error codes the spec lists (`x-acs-error-codes`). Code patterns such as `Throttling*` match more.'],
      type: codes.length === 0 ? 'never' : codes.map((code) => JSON.stringify(code)).join(' | '),
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: 'ErrorCode',
      docs: ['Any error code: the known ones autocomplete, and any other string is accepted.'],
      type: 'KnownErrorCode | (string & {})',
    },
    ...ir.operations.map(rulesStatement),
  ];
  return renderSourceFile(`${folder}/${ERROR_CODES_MODULE}.ts`, ir.source, statements);
}

export function errorRulesName(operation: OperationNode): string {
  return `${lowerFirst(operation.operationId)}ErrorRules`;
}

export function errorCodeExports(ir: ApiIR): { values: string[]; types: string[] } {
  return { values: ir.operations.map(errorRulesName), types: ['KnownErrorCode', 'ErrorCode'] };
}

function rulesStatement(operation: OperationNode): Statement {
  return exportedConst(
    errorRulesName(operation),
    `[\n${operation.errorCodes.map((entry) => `  ${ruleLiteral(entry)},\n`).join('')}] as const satisfies readonly ErrorCodeRule[]`,
    `The error table of ${operation.operationId}, in spec order. Match exact codes before prefixes: a prefix also matches codes that have their own row.`,
  );
}

function ruleLiteral(entry: ErrorCodeEntry): string {
  const match = 'code' in entry.match ? `{ code: ${JSON.stringify(entry.match.code)} }` : `{ prefix: ${JSON.stringify(entry.match.prefix)} }`;
  return `{ match: ${match}, statuses: [${entry.statuses.join(', ')}], retry: ${JSON.stringify(entry.retry)} }`;
}
