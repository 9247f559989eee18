import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildChatSchema } from './build-schema.js';

const HEADER = `# The GraphQL schema of Flask-Chat, emitted from the server's type-graphql
# classes by \`npm run schema\`. Do not edit: change server/schema and re-run it.
`;

/** The schema as committed in schema.graphql: sorted, so that diffs show only real changes. */
export async function printChatSchema(): Promise<string> {
  return `${HEADER}\n${printSchema(lexicographicSortSchema(await buildChatSchema()))}\n`;
}
