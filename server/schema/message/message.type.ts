import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../date-time.scalar.js';
import { ReactionType } from '../reaction/reaction.type.js';
import { UserType } from '../user/user.type.js';

@ObjectType('Message')
export class MessageType {
  @Field(() => ID, { description: 'Increases with every message of its channel: sort and resume by it.' })
  id!: string;

  @Field(() => ID)
  channelId!: string;

  @Field(() => UserType)
  author!: UserType;

  @Field(() => String, { description: 'The empty string once deleted.' })
  body!: string;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  @Field(() => String, { nullable: true, description: "Echo of the sender's own id for this message, if it gave one." })
  clientId!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When its author last edited the body; null if never.' })
  editedAt!: string | null;

  @Field(() => Boolean, { description: 'True once its author deleted it; it keeps its id and place, with an empty body and no reactions.' })
  deleted!: boolean;

  @Field(() => [ReactionType], { description: 'One entry per emoji, in the order each was first used.' })
  reactions!: ReactionType[];

  @Field(() => [UserType], { description: 'The users the body mentions, resolved when it was sent or last edited.' })
  mentions!: UserType[];

  @Field(() => Int, {
    description: 'Starts at 1; every edit, deletion and change of its reactions adds one. Of two copies, the larger version is the newer.',
  })
  version!: number;
}
