import type { ApiIR, OperationNode, ParameterNode } from '../../ir/types.js';
import type { GeneratedFile } from '../generated-file.js';
import { toLiteral } from '../literal.js';
import { exportedConst, renderSourceFile } from '../source-file.js';
import { lowerFirst } from '../../names.js';

export const CLI_FLAGS_MODULE = 'cli-flags';

/** Command-line flags per operation, from its parameters: `ExternalUserId` → `--external-user-id`. */
export function emitCliFlags(ir: ApiIR, folder: string): GeneratedFile {
  const statements = ir.operations.map((operation) =>
    exportedConst(
      cliFlagsName(operation),
      `${toLiteral(operation.request.parameters.map(flagOf))} as const`,
      `The ${operation.operationId} flags: name, the API field it sets, its parse type and help text.`,
    ),
  );
  return renderSourceFile(`${folder}/${CLI_FLAGS_MODULE}.ts`, ir.source, statements);
}

export function cliFlagsName(operation: OperationNode): string {
  return `${lowerFirst(operation.operationId)}CliFlags`;
}

function flagOf(parameter: ParameterNode) {
  return {
    flag: kebabCase(parameter.name),
    field: parameter.name,
    type: parameter.schema.kind === 'boolean' ? 'boolean' : 'string',
    help: firstSentence(parameter.schema.description ?? parameter.name),
  };
}

export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

function firstSentence(text: string): string {
  const sentence = /^[\s\S]*?[.](?=\s|$)/.exec(text.trim());
  return (sentence ? sentence[0] : text).replace(/\s+/g, ' ').trim();
}
