/**
 * Search: how words become the terms stories are indexed and found under (morphology of
 * Ukrainian and Russian, Latin spellings). The index itself lives with the stories.
 */
export {
  foldWord,
  indexTerms,
  queryTerms,
  type SearchLanguage,
  stem,
  termsOf,
  words,
} from './morphology.ts';

/**
 * Version of the term rules: a story indexed with an older one is indexed again in the
 * background (raise it whenever `morphology.ts` changes what terms a word gets).
 */
export const TERMS_VERSION = 1;
