import { StructureKind } from 'ts-morph';
import type { ApiIR } from '../../ir/types.js';
import type { GeneratedFile } from '../generated-file.js';
import { renderSourceFile, type Statement } from '../source-file.js';
import { CONSTANTS_MODULE, constantExports, emitConstants } from './constants.js';
import { emitErrorCodes, ERROR_CODES_MODULE, errorCodeExports } from './error-codes.js';
import { emitModels, modelExports, MODELS_MODULE } from './models.js';
import { emitZodSchemas, SCHEMAS_MODULE, zodSchemaExports } from './zod-schemas.js';

/** The generated folder of the types package, relative to the repo root. */
export const TYPES_GENERATED_FOLDER = 'packages/types/src/generated';

/** Every generated file of the types package: models, zod schemas, constants, error codes, barrel. */
export function emitTypesPackage(ir: ApiIR): GeneratedFile[] {
  const folder = TYPES_GENERATED_FOLDER;
  const models = modelExports(ir);
  const errors = errorCodeExports(ir);
  const barrel: Statement[] = [
    reexport(MODELS_MODULE, models.values, models.types),
    reexport(SCHEMAS_MODULE, zodSchemaExports(ir), []),
    reexport(CONSTANTS_MODULE, constantExports(ir), []),
    reexport(ERROR_CODES_MODULE, errors.values, errors.types),
  ];
  return [
    emitModels(ir, folder),
    emitZodSchemas(ir, folder),
    emitConstants(ir, folder),
    emitErrorCodes(ir, folder),
    renderSourceFile(`${folder}/index.ts`, ir.source, barrel),
  ];
}

/** Named re-exports only: `export *` would hide what the package's surface is. */
function reexport(module: string, values: readonly string[], types: readonly string[]): Statement {
  return {
    kind: StructureKind.ExportDeclaration,
    moduleSpecifier: `./${module}.js`,
    namedExports: [...values.map((name) => ({ name })), ...types.map((name) => ({ name, isTypeOnly: true }))],
  };
}
