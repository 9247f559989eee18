import { Authorized, Resolver, Root, Subscription } from 'type-graphql';
import type { ReadMarker } from '../../domain/models.js';
import { subscribeSignedIn } from '../context.js';
import { subscriptionEvent } from '../subscription-event.js';
import { ReadMarkerType } from './read-marker.type.js';

@Resolver(() => ReadMarkerType)
export class ReadMarkerResolver {
  @Authorized()
  @Subscription(() => ReadMarkerType, {
    description: "The signed-in user's read markers as they move, from any of their sessions (a send moves the sender's).",
    subscribe: subscribeSignedIn((context) => context.services.readMarkers.moves(context.session.user)),
  })
  readMarkerMoved(@Root() marker: ReadMarker): ReadMarker {
    return subscriptionEvent(marker);
  }
}
