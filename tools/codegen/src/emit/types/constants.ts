import type { ApiIR, OperationNode } from '../../ir/types.js';
import type { GeneratedFile } from '../generated-file.js';
import { docText, escapeDocText } from '../jsdoc.js';
import { toLiteral } from '../literal.js';
import { exportedConst, renderSourceFile, type Statement } from '../source-file.js';
import { lowerFirst } from '../../names.js';

export const CONSTANTS_MODULE = 'constants';

/** Product, version, endpoints, signature algorithm and per-operation wire metadata. */
export function emitConstants(ir: ApiIR, folder: string): GeneratedFile {
  const regional = ir.endpoints.servers.filter((server) => server.regionId !== undefined);
  const statements = [
    constant('PRODUCT_CODE', JSON.stringify(ir.product), 'The product code.'),
    constant('API_VERSION', JSON.stringify(ir.version), 'The API version, sent as `x-acs-version`.'),
    constant('DEFAULT_REGION_ID', JSON.stringify(ir.endpoints.defaultRegionId), 'The region used when none is given.'),
    constant(
      'ENDPOINT_HOST_PATTERN',
      JSON.stringify(ir.endpoints.pattern),
      `The host of a region without a listed endpoint: replace \`{regionId}\` (endpoint rule: ${ir.endpoints.rule}).`,
    ),
    constant(
      'REGION_ENDPOINTS',
      `{\n${regional.map((s) => `  ${JSON.stringify(s.regionId)}: ${JSON.stringify(new URL(s.url).host)},\n`).join('')}} as const`,
      'The documented regional endpoints (hosts), by region ID.',
    ),
    constant('SERVERS', `${toLiteral(ir.endpoints.servers)} as const`, 'Every server the spec lists, in spec order.'),
    constant(
      'SIGNATURE_ALGORITHMS',
      `${JSON.stringify(ir.security.map((scheme) => scheme.algorithm))} as const`,
      'The request signature algorithms the spec declares.',
    ),
    ...ir.operations.map(operationConstant),
  ];
  return renderSourceFile(`${folder}/${CONSTANTS_MODULE}.ts`, ir.source, statements);
}

export function operationConstantName(operation: OperationNode): string {
  return `${lowerFirst(operation.operationId)}Operation`;
}

export function constantExports(ir: ApiIR): string[] {
  return [
    'PRODUCT_CODE',
    'API_VERSION',
    'DEFAULT_REGION_ID',
    'ENDPOINT_HOST_PATTERN',
    'REGION_ENDPOINTS',
    'SERVERS',
    'SIGNATURE_ALGORITHMS',
    ...ir.operations.map(operationConstantName),
  ];
}

function operationConstant(operation: OperationNode): Statement {
  const metadata = {
    operationId: operation.operationId,
    action: operation.action,
    version: operation.version,
    style: operation.style,
    method: operation.method,
    path: operation.path,
    mediaType: operation.request.mediaType,
    parameters: operation.request.parameters.map((p) => ({ name: p.name, in: p.in })),
    ram: operation.ram,
  };
  const summary = docText({ description: [operation.summary, operation.description].filter(Boolean).join('\n\n') });
  return constant(operationConstantName(operation), `${toLiteral(metadata)} as const`, summary ?? operation.operationId);
}

function constant(name: string, initializer: string, doc: string): Statement {
  return exportedConst(name, initializer, escapeDocText(doc));
}
