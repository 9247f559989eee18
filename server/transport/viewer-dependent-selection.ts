import { TypeInfo, visit, visitWithTypeInfo, BREAK, type DocumentNode, type GraphQLSchema } from 'graphql';
import { isViewerDependent } from '../schema/viewer-dependent.js';

/**
 * Whether the document selects, anywhere (fragments included, used or not),
 * a field marked viewer-dependent (`@Extensions(VIEWER_DEPENDENT)`): a
 * result that holds one differs from subscriber to subscriber, so it must
 * never be executed once and shared. Erring towards "yes" only costs an
 * execution per subscriber.
 */
export function selectsViewerDependentField(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        if (!isViewerDependent(typeInfo.getFieldDef()?.extensions)) return undefined;
        found = true;
        return BREAK;
      },
    }),
  );
  return found;
}
