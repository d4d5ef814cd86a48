import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { ErrorCode, UserError } from '../../errors.js';

const MAX = 100;

/**
 * Refuses connection page sizes outside 0–100 with a clear error instead of silently clamping
 * them, on every field that takes `first`/`last`. A field whose pages may be larger says so with
 * `extensions: { maxPageSize: n }`.
 */
export class PageSizePlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (!('first' in fieldConfig.args) && !('last' in fieldConfig.args)) return resolver;
    const own = fieldConfig.extensions?.maxPageSize;
    const max = typeof own === 'number' ? own : MAX;
    return (parent, args, context, info) => {
      for (const name of ['first', 'last'] as const) {
        const value = (args as Record<string, unknown>)[name];
        if (typeof value === 'number' && (value < 0 || value > max)) {
          throw new UserError(ErrorCode.PAGE_SIZE, `${name} must be between 0 and ${max}; got ${value}. Page with \`after\` instead.`, {
            field: name,
          });
        }
      }
      return resolver(parent, args, context, info);
    };
  }
}

// Pothos declares its plugin registry as a global namespace; augmenting it needs one.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      pageSize: PageSizePlugin<Types>;
    }
  }
}

export const pageSizePlugin = 'pageSize' as const;
SchemaBuilder.registerPlugin(pageSizePlugin, PageSizePlugin);
