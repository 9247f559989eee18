import { Field, ObjectType } from 'type-graphql';
import { UserType } from '../user/user.type.js';

@ObjectType('Session')
export class SessionType {
  @Field(() => String, { description: 'Bearer token: keep it secret.' })
  token!: string;

  @Field(() => UserType)
  user!: UserType;
}
