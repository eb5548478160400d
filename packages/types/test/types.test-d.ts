// Type-level tests. tsc compiles this file (pnpm typecheck), so every @ts-expect-error below must
// be an error and every plain line must compile; nothing here runs.
import type * as z from 'zod/mini';
import {
  getAuthCodeErrorRules,
  type ErrorCode,
  type GetAuthCodeRequest,
  type GetAuthCodeRequestSchema,
  type GetAuthCodeResponse,
  type GetAuthCodeResponseSchema,
  type KnownErrorCode,
  type PolicyDocument,
  type PolicyResourceType,
} from '../src/index.js';

type Assignable<From, To> = [From] extends [To] ? true : false;
const expectTrue = <T extends true>(): T => true as T;

// A request needs ExternalUserId or EndUserId.
export const external: GetAuthCodeRequest = { ExternalUserId: 'alice' };
export const endUser: GetAuthCodeRequest = { EndUserId: 'alice', AutoCreateUser: true };
export const both: GetAuthCodeRequest = { ExternalUserId: 'a', EndUserId: 'b', Policy: '' };
// @ts-expect-error neither user id
export const neither: GetAuthCodeRequest = { Policy: '' };
// @ts-expect-error Policy is a string on the wire, not an object
export const objectPolicy: GetAuthCodeRequest = { EndUserId: 'a', Policy: { Version: '1' } };
// @ts-expect-error AutoCreateUser is a boolean
export const stringFlag: GetAuthCodeRequest = { EndUserId: 'a', AutoCreateUser: 'true' };
// @ts-expect-error unknown field
export const extra: GetAuthCodeRequest = { EndUserId: 'a', UserId: 'b' };

// Policy documents.
export const policy: PolicyDocument = { Version: '1', Resource: { Type: 'AppInstanceGroup', Id: 'aig-1' } };
// @ts-expect-error unknown resource type
export const desktop: PolicyResourceType = 'Desktop';
// @ts-expect-error Version is "1"
export const version2: PolicyDocument = { Version: '2', Resource: { Type: 'App', Id: 'ca-1' } };

// The response: RequestId, AuthModel and AuthCode are required.
export const response: GetAuthCodeResponse = { RequestId: 'r', AuthModel: { AuthCode: 'c' } };
// @ts-expect-error AuthCode is required
export const noCode: GetAuthCodeResponse = { RequestId: 'r', AuthModel: {} };

// The error code union stays open, and the known codes are literal types.
export const known: ErrorCode = 'Throttling.User';
export const other: ErrorCode = 'SomethingNew';
// @ts-expect-error not a known code
export const unknownKnown: KnownErrorCode = 'SomethingNew';
export const firstRetry: 'never' | 'safe' | 'ambiguous' = getAuthCodeErrorRules[0].retry;

// The emitted types and the emitted schemas agree: a typed value passes the schema's type, and
// what the schema outputs is a valid typed value.
export const requestFitsSchema = expectTrue<Assignable<GetAuthCodeRequest, z.output<typeof GetAuthCodeRequestSchema>>>();
export const responseFitsSchema = expectTrue<Assignable<GetAuthCodeResponse, z.output<typeof GetAuthCodeResponseSchema>>>();
export const schemaOutputFitsResponse = expectTrue<Assignable<z.output<typeof GetAuthCodeResponseSchema>, GetAuthCodeResponse>>();
