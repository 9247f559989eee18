import { Field, ID, ObjectType } from 'type-graphql';
import { UserType } from '../user/user.type.js';

@ObjectType('Typing', { description: 'Someone started or stopped typing.' })
export class TypingType {
  @Field(() => UserType)
  user!: UserType;

  @Field(() => ID, { nullable: true, description: 'The channel, or null for a direct message to the signed-in user.' })
  channelId!: string | null;

  @Field(() => Boolean)
  typing!: boolean;
}
