import { ErrorCode, UserError } from './errors.js';

/** Global IDs are opaque to clients: base64url of "Type:key". */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

/** Node types and the form of their keys: numeric row IDs, or official codes. */
const NODE_KEYS: Record<string, 'number' | 'code'> = {
  Country: 'code',
  Region: 'code',
  Municipality: 'code',
  ProductCategory: 'code',
  Source: 'number',
  Organization: 'number',
  Producer: 'number',
  Hub: 'number',
  Kitchen: 'number',
  Demand: 'number',
  Agreement: 'number',
  Lot: 'number',
  Delivery: 'number',
  Indicator: 'number',
  Observation: 'number',
  Goal: 'number',
  Project: 'number',
  ApiKey: 'number',
  Webhook: 'number',
};

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const text = /^[A-Za-z0-9_-]+$/.test(globalId) ? Buffer.from(globalId, 'base64url').toString('utf8') : '';
  const colon = text.indexOf(':');
  const typename = text.slice(0, colon);
  const id = text.slice(colon + 1);
  const kind = colon > 0 ? NODE_KEYS[typename] : undefined;
  if (!kind || id === '' || (kind === 'number' && !/^[1-9]\d{0,17}$/.test(id))) {
    throw new UserError(ErrorCode.INVALID_ID, `"${globalId}" is not a Food Commons ID.`, { field: 'id' });
  }
  return { typename, id };
}
