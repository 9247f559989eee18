/** The read-marker operations the integration and scale tests send, as a third-party client writes them. */
const COUNTS = `lastReadId unreadCount mentionCount`;
export const CHANNELS_WITH_COUNTS = `{ channels { id name ${COUNTS} } }`;
export const CHANNEL_WITH_COUNTS = `query ($id: ID!) { channel(id: $id) { id ${COUNTS} } }`;
export const MARK_READ = `mutation ($channelId: ID!, $messageId: ID!) { markRead(channelId: $channelId, messageId: $messageId) { id ${COUNTS} } }`;
export const MARK_DIRECT_READ = `mutation ($with: String!, $messageId: ID!) {
  markDirectRead(with: $with, messageId: $messageId) { with { id name } lastMessage { id body } lastReadId unreadCount } }`;
export const DIRECT_CONVERSATIONS = `{ directConversations { with { id name } lastMessage { id body } lastReadId unreadCount } }`;
export const READ_MARKER_MOVED = `subscription { readMarkerMoved { channelId with { id name } lastReadId unreadCount mentionCount } }`;
export const CHANNEL_ADDED_WITH_COUNTS = `subscription { channelAdded { id name ${COUNTS} } }`;
