import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../date-time.scalar.js';
import { ReactionType } from '../reaction/reaction.type.js';
import { UserType } from '../user/user.type.js';

@ObjectType('DirectMessage')
export class DirectMessageType {
  @Field(() => ID)
  id!: string;

  @Field(() => UserType)
  from!: UserType;

  @Field(() => UserType)
  to!: UserType;

  @Field(() => String, { description: 'The empty string once deleted.' })
  body!: string;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  @Field(() => String, { nullable: true })
  clientId!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When its sender last edited the body; null if never.' })
  editedAt!: string | null;

  @Field(() => Boolean, { description: 'True once its sender deleted it; it keeps its id and place, with an empty body and no reactions.' })
  deleted!: boolean;

  @Field(() => [ReactionType], { description: 'One entry per emoji, in the order each was first used.' })
  reactions!: ReactionType[];

  @Field(() => Int, { description: 'As Message.version: the larger is the newer copy.' })
  version!: number;
}
