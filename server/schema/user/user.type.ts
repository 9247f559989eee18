import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('User')
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    description: 'Unique: compared by its Unicode confusable skeleton after case folding, so look-alikes are one name.',
  })
  name!: string;

  @Field(() => Boolean, { description: 'True when the name is protected by a password.' })
  protected!: boolean;

  // `online` is resolved by UserResolver from presence, which lives in memory.
}
