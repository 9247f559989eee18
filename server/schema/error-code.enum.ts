import { GraphQLEnumType } from 'graphql';
import { ERROR_CODE_DESCRIPTIONS } from '../api/codes.js';

/**
 * Every `extensions.code` the API gives, with what it means, so that clients
 * typed from schema.graphql get the codes without copying them by hand. No
 * field returns it: codes travel in errors, not in data.
 */
export const ErrorCodeEnum = new GraphQLEnumType({
  name: 'ErrorCode',
  description: 'The `extensions.code` of an error the API returns. No field has this type: it lists the codes for generated clients.',
  values: Object.fromEntries(Object.entries(ERROR_CODE_DESCRIPTIONS).map(([code, description]) => [code, { value: code, description }])),
});
