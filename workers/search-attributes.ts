/**
 * Registers the project's custom search attributes on a Temporal server that lacks them (a
 * fresh cluster, the time-skipping test server). The dev server of `npm start` gets them from
 * its command line; calling this there is a no-op.
 */
import type { Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { searchAttributeKeys } from '../contracts/search-attributes';

const IndexedValueType = temporal.api.enums.v1.IndexedValueType;
const indexedType: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

export async function ensureSearchAttributes(connection: Connection | NativeConnection, namespace: string): Promise<string[]> {
  const known = await listSearchAttributeNames(connection, namespace);
  const missing = searchAttributeKeys.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedType[key.type]!])),
  });
  return missing.map((key) => key.name);
}

/** The time-skipping test server cannot list search attributes (UNIMPLEMENTED) but can add them. */
async function listSearchAttributeNames(connection: Connection | NativeConnection, namespace: string): Promise<Set<string>> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set(Object.keys({ ...existing.customAttributes, ...existing.systemAttributes }));
  } catch (error) {
    if ((error as { code?: number }).code === grpcUnimplemented) return new Set();
    throw error;
  }
}

const grpcUnimplemented = 12;
