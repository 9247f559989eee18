/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type BotLoginMutationVariables = Exact<{
  name: string;
  password?: string | null | undefined;
}>;


export type BotLoginMutation = { login: { token: string, user: { id: string, name: string } } };

export type BotChannelsQueryVariables = Exact<{ [key: string]: never; }>;


export type BotChannelsQuery = { channels: Array<{ id: string, name: string, messages: Array<{ id: string }> }> };

export type BotCreateChannelMutationVariables = Exact<{
  name: string;
}>;


export type BotCreateChannelMutation = { createChannel: { id: string, name: string } };

export type BotSendMessageMutationVariables = Exact<{
  channelId: string;
  body: string;
  clientId?: string | null | undefined;
}>;


export type BotSendMessageMutation = { sendMessage: { id: string } };

export type BotMessageAddedSubscriptionVariables = Exact<{
  channelId: string;
  after?: string | null | undefined;
}>;


export type BotMessageAddedSubscription = { messageAdded: { id: string, body: string, author: { id: string, name: string } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const BotLoginDocument = new TypedDocumentString(`
    mutation BotLogin($name: String!, $password: String) {
  login(name: $name, password: $password) {
    token
    user {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<BotLoginMutation, BotLoginMutationVariables>;
export const BotChannelsDocument = new TypedDocumentString(`
    query BotChannels {
  channels {
    id
    name
    messages(last: 1) {
      id
    }
  }
}
    `) as unknown as TypedDocumentString<BotChannelsQuery, BotChannelsQueryVariables>;
export const BotCreateChannelDocument = new TypedDocumentString(`
    mutation BotCreateChannel($name: String!) {
  createChannel(name: $name) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<BotCreateChannelMutation, BotCreateChannelMutationVariables>;
export const BotSendMessageDocument = new TypedDocumentString(`
    mutation BotSendMessage($channelId: ID!, $body: String!, $clientId: String) {
  sendMessage(channelId: $channelId, body: $body, clientId: $clientId) {
    id
  }
}
    `) as unknown as TypedDocumentString<BotSendMessageMutation, BotSendMessageMutationVariables>;
export const BotMessageAddedDocument = new TypedDocumentString(`
    subscription BotMessageAdded($channelId: ID!, $after: ID) {
  messageAdded(channelId: $channelId, after: $after) {
    id
    body
    author {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<BotMessageAddedSubscription, BotMessageAddedSubscriptionVariables>;