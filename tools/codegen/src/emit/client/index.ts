import { StructureKind } from 'ts-morph';
import type { ApiIR } from '../../ir/types.js';
import type { GeneratedFile } from '../generated-file.js';
import { renderSourceFile } from '../source-file.js';
import { CLI_FLAGS_MODULE, cliFlagsName, emitCliFlags } from './cli-flags.js';
import { CLIENT_MODULE, clientInterfaceName, emitClient } from './client.js';
import { emitOperations, OPERATIONS_MODULE, operationExports } from './operations.js';

export const CLIENT_GENERATED_FOLDER = 'packages/client/src/generated';
export const TYPES_PACKAGE_MODULE = 'types-package';
/** What the hand-written runtime uses from the types package. */
const RUNTIME_VALUES = ['DEFAULT_REGION_ID', 'ENDPOINT_HOST_PATTERN', 'REGION_ENDPOINTS'];
const RUNTIME_TYPES = ['RetryClass'];

/** The operation-specific part of the client package; the runtime it calls is hand-written. */
export function emitClientPackage(ir: ApiIR, typesPackage: string): GeneratedFile[] {
  const folder = CLIENT_GENERATED_FOLDER;
  const operations = operationExports(ir);
  const reexport = (module: string, values: string[], types: string[]) => ({
    kind: StructureKind.ExportDeclaration as const,
    moduleSpecifier: `./${module}.js`,
    namedExports: [...values.map((name) => ({ name })), ...types.map((name) => ({ name, isTypeOnly: true }))],
  });
  return [
    // Hand-written runtime code imports the types package through this module, so the scope
    // (a config value) appears only in generated files.
    renderSourceFile(`${folder}/${TYPES_PACKAGE_MODULE}.ts`, ir.source, [
      {
        kind: StructureKind.ExportDeclaration,
        moduleSpecifier: typesPackage,
        namedExports: [...RUNTIME_VALUES.map((name) => ({ name })), ...RUNTIME_TYPES.map((name) => ({ name, isTypeOnly: true }))],
      },
    ]),
    emitOperations(ir, folder, typesPackage),
    emitClient(ir, folder, typesPackage),
    emitCliFlags(ir, folder),
    renderSourceFile(`${folder}/index.ts`, ir.source, [
      reexport(CLIENT_MODULE, ['createClient'], [clientInterfaceName(ir)]),
      reexport(OPERATIONS_MODULE, operations.values, operations.types),
      reexport(CLI_FLAGS_MODULE, ir.operations.map(cliFlagsName), []),
    ]),
  ];
}
