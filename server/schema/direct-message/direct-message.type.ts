import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../date-time.scalar.js';
import { UserType } from '../user/user.type.js';

@ObjectType('DirectMessage')
export class DirectMessageType {
  @Field(() => ID)
  id!: string;

  @Field(() => UserType)
  from!: UserType;

  @Field(() => UserType)
  to!: UserType;

  @Field(() => String)
  body!: string;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  @Field(() => String, { nullable: true })
  clientId!: string | null;
}
