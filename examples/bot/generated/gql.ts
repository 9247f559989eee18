/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation BotLogin($name: String!, $password: String) {\n  login(name: $name, password: $password) {\n    token\n    user {\n      id\n      name\n    }\n  }\n}\n\nquery BotChannels {\n  channels {\n    id\n    name\n    messages(last: 1) {\n      id\n    }\n  }\n}\n\nmutation BotCreateChannel($name: String!) {\n  createChannel(name: $name) {\n    id\n    name\n  }\n}\n\nmutation BotSendMessage($channelId: ID!, $body: String!, $clientId: String) {\n  sendMessage(channelId: $channelId, body: $body, clientId: $clientId) {\n    id\n  }\n}\n\nsubscription BotMessageAdded($channelId: ID!, $after: ID) {\n  messageAdded(channelId: $channelId, after: $after) {\n    id\n    body\n    author {\n      id\n      name\n    }\n  }\n}": typeof types.BotLoginDocument,
};
const documents: Documents = {
    "mutation BotLogin($name: String!, $password: String) {\n  login(name: $name, password: $password) {\n    token\n    user {\n      id\n      name\n    }\n  }\n}\n\nquery BotChannels {\n  channels {\n    id\n    name\n    messages(last: 1) {\n      id\n    }\n  }\n}\n\nmutation BotCreateChannel($name: String!) {\n  createChannel(name: $name) {\n    id\n    name\n  }\n}\n\nmutation BotSendMessage($channelId: ID!, $body: String!, $clientId: String) {\n  sendMessage(channelId: $channelId, body: $body, clientId: $clientId) {\n    id\n  }\n}\n\nsubscription BotMessageAdded($channelId: ID!, $after: ID) {\n  messageAdded(channelId: $channelId, after: $after) {\n    id\n    body\n    author {\n      id\n      name\n    }\n  }\n}": types.BotLoginDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation BotLogin($name: String!, $password: String) {\n  login(name: $name, password: $password) {\n    token\n    user {\n      id\n      name\n    }\n  }\n}\n\nquery BotChannels {\n  channels {\n    id\n    name\n    messages(last: 1) {\n      id\n    }\n  }\n}\n\nmutation BotCreateChannel($name: String!) {\n  createChannel(name: $name) {\n    id\n    name\n  }\n}\n\nmutation BotSendMessage($channelId: ID!, $body: String!, $clientId: String) {\n  sendMessage(channelId: $channelId, body: $body, clientId: $clientId) {\n    id\n  }\n}\n\nsubscription BotMessageAdded($channelId: ID!, $after: ID) {\n  messageAdded(channelId: $channelId, after: $after) {\n    id\n    body\n    author {\n      id\n      name\n    }\n  }\n}"): typeof import('./graphql.js').BotLoginDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
