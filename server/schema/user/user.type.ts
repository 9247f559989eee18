import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('User')
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Unique, compared case-insensitively.' })
  name!: string;

  // `online` is resolved by UserResolver from presence, which lives in memory.
}
