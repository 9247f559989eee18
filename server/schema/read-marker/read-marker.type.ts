import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UserType } from '../user/user.type.js';

@ObjectType('ReadMarker', { description: "Where one of the signed-in user's read markers now stands." })
export class ReadMarkerType {
  @Field(() => ID, { nullable: true, description: "Set for a channel's marker." })
  channelId!: string | null;

  @Field(() => UserType, { nullable: true, description: "Set for a direct conversation's marker: the other user." })
  with!: UserType | null;

  @Field(() => ID)
  lastReadId!: string;

  @Field(() => Int)
  unreadCount!: number;

  @Field(() => Int)
  mentionCount!: number;
}
