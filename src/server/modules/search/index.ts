/**
 * Search: how words become the terms stories are indexed and found under (morphology of
 * Ukrainian and Russian, Latin spellings), and how a query becomes ranked index lookups.
 * The index itself lives with the stories.
 */
export {
  foldWord,
  indexTerms,
  queryTerms,
  type SearchLanguage,
  words,
} from './morphology.ts';
export {
  queryWords,
  type SearchableText,
  type SearchPlan,
  searchDocument,
  searchKey,
  searchPlan,
  type Tier,
} from './query.ts';
export { snippet } from './snippet.ts';

/**
 * Version of the term rules: a story indexed with an older one is indexed again in the
 * background (raise it whenever `morphology.ts` or `query.ts` changes a story's tokens).
 */
export const TERMS_VERSION = 3;
