import { unauthenticated } from '../../domain/errors.js';
import type { ReadState } from '../../domain/models.js';
import { NOTHING_READ } from '../../domain/read-markers.js';
import { BatchLoader, loaderPerContext } from '../batch-loader.js';
import type { GraphQLContext } from '../context.js';

/** The signed-in user's read state of channels, loaded for all the channels of an answer at once. */
const channelStates = loaderPerContext((context: GraphQLContext) => {
  const session = context.session;
  return new BatchLoader<string, ReadState>((channelIds) => {
    if (!session) throw unauthenticated();
    return context.services.readMarkers.channelStates(session.user, channelIds);
  });
});

/** The signed-in user's read state in one channel; the channels of one answer share one query. */
export async function channelReadState(context: GraphQLContext, channelId: string): Promise<ReadState> {
  if (!context.session) throw unauthenticated();
  return (await channelStates(context).load(channelId)) ?? NOTHING_READ;
}
