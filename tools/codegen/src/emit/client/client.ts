import { StructureKind } from 'ts-morph';
import type { ApiIR, OperationNode } from '../../ir/types.js';
import type { GeneratedFile } from '../generated-file.js';
import { docText } from '../jsdoc.js';
import { renderSourceFile, type Statement } from '../source-file.js';
import { definitionName, inputTypeName, OPERATIONS_MODULE } from './operations.js';
import { lowerFirst } from '../../names.js';

export const CLIENT_MODULE = 'client';

/** `createClient` and the client interface: one method per operation, each calling the shared runtime. */
export function emitClient(ir: ApiIR, folder: string, typesPackage: string): GeneratedFile {
  const name = clientInterfaceName(ir);
  const statements: Statement[] = [
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: typesPackage, namedImports: ir.operations.map((op) => ({ name: op.response.schemaName, isTypeOnly: true })) },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: '../runtime/call.js', namedImports: ['callOperation'] },
    { kind: StructureKind.ImportDeclaration, moduleSpecifier: '../runtime/context.js', namedImports: ['createContext'] },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/options.js',
      namedImports: [{ name: 'CallOptions', isTypeOnly: true }, { name: 'ClientOptions', isTypeOnly: true }],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: `./${OPERATIONS_MODULE}.js`,
      namedImports: [...ir.operations.map(definitionName), ...ir.operations.map((op) => ({ name: inputTypeName(op), isTypeOnly: true }))],
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name,
      docs: [`A client of ${ir.product} ${ir.version}. It holds no secret in any enumerable property.`],
      methods: ir.operations.map((op) => ({
        name: methodName(op),
        docs: docsOf(op),
        parameters: [
          { name: 'request', type: inputTypeName(op) },
          { name: 'options', type: 'CallOptions', hasQuestionToken: true },
        ],
        returnType: `Promise<${op.response.schemaName}>`,
      })),
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: 'createClient',
      docs: ['Creates a client. Options are validated here, once; see ClientOptions for every default.'],
      parameters: [{ name: 'options', type: 'ClientOptions' }],
      returnType: name,
      statements: [
        'const context = createContext(options);',
        (writer) => {
          writer.write('return ').inlineBlock(() => {
            for (const op of ir.operations) {
              writer.writeLine(
                `${methodName(op)}: (request, callOptions) => callOperation(context, ${definitionName(op)}, request, callOptions) as Promise<${op.response.schemaName}>,`,
              );
            }
          });
          writer.write(';');
        },
      ],
    },
  ];
  return renderSourceFile(`${folder}/${CLIENT_MODULE}.ts`, ir.source, statements);
}

export function clientInterfaceName(ir: ApiIR): string {
  return `${ir.product.split(/[^A-Za-z0-9]+/).map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`).join('')}Client`;
}

export function methodName(operation: OperationNode): string {
  return lowerFirst(operation.operationId);
}

function docsOf(operation: OperationNode): string[] {
  const text = docText({ description: [operation.summary, operation.description].filter(Boolean).join('\n\n') });
  return text === undefined ? [] : [text];
}
