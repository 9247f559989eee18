import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../date-time.scalar.js';

@ObjectType('Channel')
export class ChannelType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    description: 'Unique: compared by its Unicode confusable skeleton after case folding, so look-alikes are one name.',
  })
  name!: string;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  // `messages` is resolved by ChannelResolver.
}
