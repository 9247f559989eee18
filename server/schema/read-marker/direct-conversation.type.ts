import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DirectMessageType } from '../direct-message/direct-message.type.js';
import { UserType } from '../user/user.type.js';

@ObjectType('DirectConversation', { description: 'A direct conversation of the signed-in user with one other user.' })
export class DirectConversationType {
  @Field(() => UserType)
  with!: UserType;

  @Field(() => DirectMessageType, { nullable: true, description: 'The newest retained message, or null.' })
  lastMessage!: DirectMessageType | null;

  @Field(() => ID, { nullable: true, description: 'The newest message here that the signed-in user has read, or null.' })
  lastReadId!: string | null;

  @Field(() => Int, { description: 'Retained messages after the read marker that the other user wrote.' })
  unreadCount!: number;
}
