/** The operations of typing and search, as a third-party client writes them. */

export const TYPING = `mutation ($channelId: ID, $to: String) { typing(channelId: $channelId, to: $to) }`;
export const TYPING_CHANGED = `subscription ($channelId: ID) { typingChanged(channelId: $channelId) { user { id name } channelId typing } }`;

const FOUND_MESSAGE = `id channelId body deleted editedAt author { id name } reactions { emoji } mentions { id name }`;
const FOUND_DIRECT = `id body deleted from { id name } to { id name }`;
export const SEARCH_MESSAGES = `query ($text: String!, $channelId: ID, $first: Int) {
  searchMessages(text: $text, channelId: $channelId, first: $first) { ${FOUND_MESSAGE} } }`;
export const SEARCH_DIRECT = `query ($text: String!, $with: String, $first: Int) {
  searchDirectMessages(text: $text, with: $with, first: $first) { ${FOUND_DIRECT} } }`;
