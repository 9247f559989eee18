import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import { buildChatSchema } from '../schema/build-schema.js';
import { selectsViewerDependentField } from './viewer-dependent-selection.js';

describe('selectsViewerDependentField', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildChatSchema();
  });
  const selects = (query: string) => selectsViewerDependentField(schema, parse(query));

  it('should find no viewer-dependent field in a selection of plain fields', () => {
    expect(selects('subscription { channelAdded { id name createdAt } }')).toBe(false);
    expect(selects('subscription { channelActivity { id body author { name online } mentions { name } } }')).toBe(false);
  });

  it("should find a channel's counts and marker, however they are selected", () => {
    expect(selects('subscription { channelAdded { id unreadCount } }')).toBe(true);
    expect(selects('subscription { channelAdded { n: mentionCount } }')).toBe(true);
    expect(selects('subscription { channelAdded { ... on Channel { lastReadId } } }')).toBe(true);
    expect(selects('subscription { channelAdded { ...Counts } } fragment Counts on Channel { unreadCount }')).toBe(true);
  });
});
