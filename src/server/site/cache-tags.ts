/**
 * Content changes are announced as cache tags (`article:12`, `home:uk`, …). Services call
 * the function they are given; compose.ts wires it to the page cache (and, across nodes,
 * to PostgreSQL NOTIFY).
 */
export type PublishChange = (tags: string[]) => void;

export const tags = {
  article: (id: number) => `article:${id}`,
  group: (id: number) => `group:${id}`,
  home: (language: string) => `home:${language}`,
  latest: (language: string) => `latest:${language}`,
  section: (id: number) => `section:${id}`,
  tag: (id: number) => `tag:${id}`,
  author: (id: number) => `author:${id}`,
  page: (key: string) => `page:${key}`,
  poll: (id: number) => `poll:${id}`,
  /** The site-wide poll shown in one language. */
  polls: (language: string) => `polls:${language}`,
  /** Site settings changed: every node reloads them. */
  settings: 'settings',
  /** Every page: site-wide chrome such as section names in the menu. */
  all: 'all',
} as const;
