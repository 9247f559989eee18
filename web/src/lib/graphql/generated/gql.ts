/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "fragment ChannelMessage on Message {\n  id\n  channelId\n  body\n  clientId\n  createdAt\n  author {\n    id\n    name\n  }\n}\n\nquery Channels {\n  channels {\n    id\n    name\n  }\n}\n\nquery ChannelHistory($id: ID!, $last: Int!) {\n  channel(id: $id) {\n    id\n    name\n    messages(last: $last) {\n      ...ChannelMessage\n    }\n  }\n}\n\nmutation CreateChannel($name: String!) {\n  createChannel(name: $name) {\n    id\n    name\n  }\n}\n\nmutation SendMessage($channelId: ID!, $body: String!, $clientId: String) {\n  sendMessage(channelId: $channelId, body: $body, clientId: $clientId) {\n    ...ChannelMessage\n  }\n}\n\nsubscription ChannelAdded {\n  channelAdded {\n    id\n    name\n  }\n}\n\nsubscription ChannelActivity {\n  channelActivity {\n    ...ChannelMessage\n  }\n}\n\nsubscription MessageAdded($channelId: ID!, $after: ID) {\n  messageAdded(channelId: $channelId, after: $after) {\n    ...ChannelMessage\n  }\n}": typeof types.ChannelMessageFragmentDoc,
    "fragment DirectMessageFields on DirectMessage {\n  id\n  body\n  clientId\n  createdAt\n  from {\n    id\n    name\n  }\n  to {\n    id\n    name\n  }\n}\n\nquery Conversations {\n  conversations {\n    id\n    name\n    online\n    protected\n  }\n}\n\nquery DirectMessages($with: String!, $last: Int!) {\n  directMessages(with: $with, last: $last) {\n    ...DirectMessageFields\n  }\n}\n\nmutation SendDirectMessage($to: String!, $body: String!, $clientId: String) {\n  sendDirectMessage(to: $to, body: $body, clientId: $clientId) {\n    ...DirectMessageFields\n  }\n}\n\nsubscription DirectMessageAdded($after: ID) {\n  directMessageAdded(after: $after) {\n    ...DirectMessageFields\n  }\n}": typeof types.DirectMessageFieldsFragmentDoc,
    "query Me {\n  me {\n    id\n    name\n    protected\n  }\n}\n\nmutation Login($name: String!, $password: String) {\n  login(name: $name, password: $password) {\n    user {\n      id\n      name\n      protected\n    }\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nmutation SetPassword($password: String!, $currentPassword: String) {\n  setPassword(password: $password, currentPassword: $currentPassword) {\n    id\n    protected\n  }\n}": typeof types.MeDocument,
    "query OnlineUsers {\n  onlineUsers {\n    id\n    name\n    online\n    protected\n  }\n}\n\nsubscription PresenceChanged {\n  presenceChanged {\n    id\n    name\n    online\n    protected\n  }\n}": typeof types.OnlineUsersDocument,
};
const documents: Documents = {
    "fragment ChannelMessage on Message {\n  id\n  channelId\n  body\n  clientId\n  createdAt\n  author {\n    id\n    name\n  }\n}\n\nquery Channels {\n  channels {\n    id\n    name\n  }\n}\n\nquery ChannelHistory($id: ID!, $last: Int!) {\n  channel(id: $id) {\n    id\n    name\n    messages(last: $last) {\n      ...ChannelMessage\n    }\n  }\n}\n\nmutation CreateChannel($name: String!) {\n  createChannel(name: $name) {\n    id\n    name\n  }\n}\n\nmutation SendMessage($channelId: ID!, $body: String!, $clientId: String) {\n  sendMessage(channelId: $channelId, body: $body, clientId: $clientId) {\n    ...ChannelMessage\n  }\n}\n\nsubscription ChannelAdded {\n  channelAdded {\n    id\n    name\n  }\n}\n\nsubscription ChannelActivity {\n  channelActivity {\n    ...ChannelMessage\n  }\n}\n\nsubscription MessageAdded($channelId: ID!, $after: ID) {\n  messageAdded(channelId: $channelId, after: $after) {\n    ...ChannelMessage\n  }\n}": types.ChannelMessageFragmentDoc,
    "fragment DirectMessageFields on DirectMessage {\n  id\n  body\n  clientId\n  createdAt\n  from {\n    id\n    name\n  }\n  to {\n    id\n    name\n  }\n}\n\nquery Conversations {\n  conversations {\n    id\n    name\n    online\n    protected\n  }\n}\n\nquery DirectMessages($with: String!, $last: Int!) {\n  directMessages(with: $with, last: $last) {\n    ...DirectMessageFields\n  }\n}\n\nmutation SendDirectMessage($to: String!, $body: String!, $clientId: String) {\n  sendDirectMessage(to: $to, body: $body, clientId: $clientId) {\n    ...DirectMessageFields\n  }\n}\n\nsubscription DirectMessageAdded($after: ID) {\n  directMessageAdded(after: $after) {\n    ...DirectMessageFields\n  }\n}": types.DirectMessageFieldsFragmentDoc,
    "query Me {\n  me {\n    id\n    name\n    protected\n  }\n}\n\nmutation Login($name: String!, $password: String) {\n  login(name: $name, password: $password) {\n    user {\n      id\n      name\n      protected\n    }\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nmutation SetPassword($password: String!, $currentPassword: String) {\n  setPassword(password: $password, currentPassword: $currentPassword) {\n    id\n    protected\n  }\n}": types.MeDocument,
    "query OnlineUsers {\n  onlineUsers {\n    id\n    name\n    online\n    protected\n  }\n}\n\nsubscription PresenceChanged {\n  presenceChanged {\n    id\n    name\n    online\n    protected\n  }\n}": types.OnlineUsersDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ChannelMessage on Message {\n  id\n  channelId\n  body\n  clientId\n  createdAt\n  author {\n    id\n    name\n  }\n}\n\nquery Channels {\n  channels {\n    id\n    name\n  }\n}\n\nquery ChannelHistory($id: ID!, $last: Int!) {\n  channel(id: $id) {\n    id\n    name\n    messages(last: $last) {\n      ...ChannelMessage\n    }\n  }\n}\n\nmutation CreateChannel($name: String!) {\n  createChannel(name: $name) {\n    id\n    name\n  }\n}\n\nmutation SendMessage($channelId: ID!, $body: String!, $clientId: String) {\n  sendMessage(channelId: $channelId, body: $body, clientId: $clientId) {\n    ...ChannelMessage\n  }\n}\n\nsubscription ChannelAdded {\n  channelAdded {\n    id\n    name\n  }\n}\n\nsubscription ChannelActivity {\n  channelActivity {\n    ...ChannelMessage\n  }\n}\n\nsubscription MessageAdded($channelId: ID!, $after: ID) {\n  messageAdded(channelId: $channelId, after: $after) {\n    ...ChannelMessage\n  }\n}"): (typeof documents)["fragment ChannelMessage on Message {\n  id\n  channelId\n  body\n  clientId\n  createdAt\n  author {\n    id\n    name\n  }\n}\n\nquery Channels {\n  channels {\n    id\n    name\n  }\n}\n\nquery ChannelHistory($id: ID!, $last: Int!) {\n  channel(id: $id) {\n    id\n    name\n    messages(last: $last) {\n      ...ChannelMessage\n    }\n  }\n}\n\nmutation CreateChannel($name: String!) {\n  createChannel(name: $name) {\n    id\n    name\n  }\n}\n\nmutation SendMessage($channelId: ID!, $body: String!, $clientId: String) {\n  sendMessage(channelId: $channelId, body: $body, clientId: $clientId) {\n    ...ChannelMessage\n  }\n}\n\nsubscription ChannelAdded {\n  channelAdded {\n    id\n    name\n  }\n}\n\nsubscription ChannelActivity {\n  channelActivity {\n    ...ChannelMessage\n  }\n}\n\nsubscription MessageAdded($channelId: ID!, $after: ID) {\n  messageAdded(channelId: $channelId, after: $after) {\n    ...ChannelMessage\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment DirectMessageFields on DirectMessage {\n  id\n  body\n  clientId\n  createdAt\n  from {\n    id\n    name\n  }\n  to {\n    id\n    name\n  }\n}\n\nquery Conversations {\n  conversations {\n    id\n    name\n    online\n    protected\n  }\n}\n\nquery DirectMessages($with: String!, $last: Int!) {\n  directMessages(with: $with, last: $last) {\n    ...DirectMessageFields\n  }\n}\n\nmutation SendDirectMessage($to: String!, $body: String!, $clientId: String) {\n  sendDirectMessage(to: $to, body: $body, clientId: $clientId) {\n    ...DirectMessageFields\n  }\n}\n\nsubscription DirectMessageAdded($after: ID) {\n  directMessageAdded(after: $after) {\n    ...DirectMessageFields\n  }\n}"): (typeof documents)["fragment DirectMessageFields on DirectMessage {\n  id\n  body\n  clientId\n  createdAt\n  from {\n    id\n    name\n  }\n  to {\n    id\n    name\n  }\n}\n\nquery Conversations {\n  conversations {\n    id\n    name\n    online\n    protected\n  }\n}\n\nquery DirectMessages($with: String!, $last: Int!) {\n  directMessages(with: $with, last: $last) {\n    ...DirectMessageFields\n  }\n}\n\nmutation SendDirectMessage($to: String!, $body: String!, $clientId: String) {\n  sendDirectMessage(to: $to, body: $body, clientId: $clientId) {\n    ...DirectMessageFields\n  }\n}\n\nsubscription DirectMessageAdded($after: ID) {\n  directMessageAdded(after: $after) {\n    ...DirectMessageFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me {\n  me {\n    id\n    name\n    protected\n  }\n}\n\nmutation Login($name: String!, $password: String) {\n  login(name: $name, password: $password) {\n    user {\n      id\n      name\n      protected\n    }\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nmutation SetPassword($password: String!, $currentPassword: String) {\n  setPassword(password: $password, currentPassword: $currentPassword) {\n    id\n    protected\n  }\n}"): (typeof documents)["query Me {\n  me {\n    id\n    name\n    protected\n  }\n}\n\nmutation Login($name: String!, $password: String) {\n  login(name: $name, password: $password) {\n    user {\n      id\n      name\n      protected\n    }\n  }\n}\n\nmutation Logout {\n  logout\n}\n\nmutation SetPassword($password: String!, $currentPassword: String) {\n  setPassword(password: $password, currentPassword: $currentPassword) {\n    id\n    protected\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query OnlineUsers {\n  onlineUsers {\n    id\n    name\n    online\n    protected\n  }\n}\n\nsubscription PresenceChanged {\n  presenceChanged {\n    id\n    name\n    online\n    protected\n  }\n}"): (typeof documents)["query OnlineUsers {\n  onlineUsers {\n    id\n    name\n    online\n    protected\n  }\n}\n\nsubscription PresenceChanged {\n  presenceChanged {\n    id\n    name\n    online\n    protected\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;