/**
 * All section banks in display order, plus the few paragraphs and headings that fit any story.
 * Each section lives in its own banks-<slug>.ts file.
 */
import type { SectionBank } from './bank-types.ts';
import { ECONOMY } from './banks-economy.ts';
import { HEALTH } from './banks-health.ts';
import { LIFESTYLE } from './banks-lifestyle.ts';
import { POLITICS } from './banks-politics.ts';
import { SOCIETY } from './banks-society.ts';
import { SPORT } from './banks-sport.ts';
import { TECHNOLOGY } from './banks-technology.ts';
import { WAR } from './banks-war.ts';
import { WEATHER } from './banks-weather.ts';
import { WORLD } from './banks-world.ts';
import type { P } from './text.ts';

export const SECTION_BANKS: readonly SectionBank[] = [
  POLITICS,
  WAR,
  WORLD,
  ECONOMY,
  SOCIETY,
  TECHNOLOGY,
  WEATHER,
  LIFESTYLE,
  SPORT,
  HEALTH,
];

/** Used when a section's own context paragraphs run out; `{section}` is the section's name. */
export const GLOBAL_FILLERS: readonly P[] = [
  [
    "Редакція продовжує стежити за розвитком подій і доповнить матеріал, щойно з'являться нові подробиці.",
    'Редакция продолжает следить за развитием событий и дополнит материал, как только появятся новые подробности.',
  ],
  [
    'Ми звернулися по коментар до всіх сторін, згаданих у матеріалі. Їхні відповіді додамо, щойно отримаємо.',
    'Мы обратились за комментарием ко всем сторонам, упомянутым в материале. Их ответы добавим, как только получим.',
  ],
  [
    "Ми оновлюватимемо цей матеріал, якщо з'являться офіційні коментарі або нові дані.",
    'Мы будем обновлять этот материал, если появятся официальные комментарии или новые данные.',
  ],
];

/** Optional last paragraph. */
export const CLOSERS: readonly P[] = [
  [
    'Більше новин на цю тему — у розділі «{section}».',
    'Больше новостей на эту тему — в разделе «{section}».',
  ],
  [
    'Маєте інформацію, яка може доповнити цей матеріал? Напишіть нам на newsroom@example.org.',
    'Есть информация, которая может дополнить этот материал? Напишите нам на newsroom@example.org.',
  ],
];

/** Subheadings placed before the context paragraphs. */
export const CONTEXT_HEADINGS: readonly P[] = [
  ['Контекст', 'Контекст'],
  ['Чому це важливо', 'Почему это важно'],
  ['Ширший контекст', 'Более широкий контекст'],
  ['Що варто знати', 'Что стоит знать'],
];
