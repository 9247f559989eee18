/**
 * The operations the integration tests send, written once as a third-party
 * client would write them.
 */
export const LOGIN = `mutation ($name: String!) { login(name: $name) { token user { id name online } } }`;
export const LOGOUT = `mutation { logout }`;
export const ME = `{ me { id name } }`;

export const CHANNELS = `{ channels { id name createdAt } }`;
export const CHANNEL = `query ($id: ID!, $last: Int) { channel(id: $id) { id name messages(last: $last) { id body clientId author { id name } } } }`;
export const CREATE_CHANNEL = `mutation ($name: String!) { createChannel(name: $name) { id name createdAt } }`;
export const CHANNEL_ADDED = `subscription { channelAdded { id name } }`;

const MESSAGE_FIELDS = `id channelId body clientId createdAt author { id name }`;
export const SEND_MESSAGE = `mutation ($channelId: ID!, $body: String!, $clientId: String) {
  sendMessage(channelId: $channelId, body: $body, clientId: $clientId) { ${MESSAGE_FIELDS} } }`;
export const MESSAGE_ADDED = `subscription ($channelId: ID!, $after: ID) { messageAdded(channelId: $channelId, after: $after) { ${MESSAGE_FIELDS} } }`;
export const CHANNEL_ACTIVITY = `subscription { channelActivity { ${MESSAGE_FIELDS} } }`;

const DIRECT_FIELDS = `id body clientId createdAt from { id name } to { id name }`;
export const SEND_DIRECT = `mutation ($to: String!, $body: String!, $clientId: String) {
  sendDirectMessage(to: $to, body: $body, clientId: $clientId) { ${DIRECT_FIELDS} } }`;
export const DIRECT_MESSAGES = `query ($with: String!, $last: Int) { directMessages(with: $with, last: $last) { ${DIRECT_FIELDS} } }`;
export const DIRECT_ADDED = `subscription ($after: ID) { directMessageAdded(after: $after) { ${DIRECT_FIELDS} } }`;

export const ONLINE_USERS = `{ onlineUsers { id name online } }`;
export const PRESENCE_CHANGED = `subscription { presenceChanged { id name online } }`;
