import { Field, ObjectType } from 'type-graphql';
import { UserType } from '../user/user.type.js';

@ObjectType('Reaction', { description: 'One emoji on a message and who put it there.' })
export class ReactionType {
  @Field(() => String, { description: 'A single emoji (one grapheme cluster with the Unicode Emoji property).' })
  emoji!: string;

  @Field(() => [UserType], { description: 'Who reacted with it, oldest first.' })
  users!: UserType[];
}
