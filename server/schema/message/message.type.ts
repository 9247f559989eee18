import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../date-time.scalar.js';
import { UserType } from '../user/user.type.js';

@ObjectType('Message')
export class MessageType {
  @Field(() => ID, { description: 'Increases with every message of its channel: sort and resume by it.' })
  id!: string;

  @Field(() => ID)
  channelId!: string;

  @Field(() => UserType)
  author!: UserType;

  @Field(() => String)
  body!: string;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  @Field(() => String, { nullable: true, description: "Echo of the sender's own id for this message, if it gave one." })
  clientId!: string | null;
}
