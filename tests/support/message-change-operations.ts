/**
 * The operations on message changes (edits, deletions, reactions) that the
 * integration tests send, written once as a third-party client would write
 * them. Every field of a message's state, so that an update can be compared
 * with a query's copy as a whole.
 */
const USER = `id name`;
export const CHANGED_MESSAGE_FIELDS = `id channelId body clientId createdAt author { ${USER} } editedAt deleted version
  reactions { emoji users { ${USER} } } mentions { ${USER} }`;
export const CHANGED_DIRECT_FIELDS = `id body clientId createdAt from { ${USER} } to { ${USER} } editedAt deleted version
  reactions { emoji users { ${USER} } }`;

export const SEND_TRACKED = `mutation ($channelId: ID!, $body: String!) { sendMessage(channelId: $channelId, body: $body) { ${CHANGED_MESSAGE_FIELDS} } }`;
export const HISTORY = `query ($id: ID!) { channel(id: $id) { messages { ${CHANGED_MESSAGE_FIELDS} } } }`;
export const EDIT_MESSAGE = `mutation ($channelId: ID!, $id: ID!, $body: String!) {
  editMessage(channelId: $channelId, id: $id, body: $body) { ${CHANGED_MESSAGE_FIELDS} } }`;
export const DELETE_MESSAGE = `mutation ($channelId: ID!, $id: ID!) { deleteMessage(channelId: $channelId, id: $id) { ${CHANGED_MESSAGE_FIELDS} } }`;
export const REACT = `mutation ($channelId: ID!, $messageId: ID!, $emoji: String!, $on: Boolean!) {
  react(channelId: $channelId, messageId: $messageId, emoji: $emoji, on: $on) { ${CHANGED_MESSAGE_FIELDS} } }`;
export const MESSAGE_UPDATED = `subscription ($channelId: ID!) { messageUpdated(channelId: $channelId) { ${CHANGED_MESSAGE_FIELDS} } }`;

export const SEND_DIRECT_TRACKED = `mutation ($to: String!, $body: String!) { sendDirectMessage(to: $to, body: $body) { ${CHANGED_DIRECT_FIELDS} } }`;
export const DIRECT_HISTORY = `query ($with: String!) { directMessages(with: $with) { ${CHANGED_DIRECT_FIELDS} } }`;
export const EDIT_DIRECT = `mutation ($id: ID!, $body: String!) { editDirectMessage(id: $id, body: $body) { ${CHANGED_DIRECT_FIELDS} } }`;
export const DELETE_DIRECT = `mutation ($id: ID!) { deleteDirectMessage(id: $id) { ${CHANGED_DIRECT_FIELDS} } }`;
export const REACT_DIRECT = `mutation ($id: ID!, $emoji: String!, $on: Boolean!) {
  reactToDirectMessage(id: $id, emoji: $emoji, on: $on) { ${CHANGED_DIRECT_FIELDS} } }`;
export const DIRECT_UPDATED = `subscription { directMessageUpdated { ${CHANGED_DIRECT_FIELDS} } }`;
