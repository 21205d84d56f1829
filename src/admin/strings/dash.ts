/** Strings of the dashboard. */
export const dash = {
  title: 'Огляд',
  readersNow: 'переглядів за останні 5 хвилин',
  live: 'оновлюється наживо',
  viewsByHour: 'Перегляди за годинами, останні 48 годин',
  chartLabel: (total: number) => `Перегляди за годинами за 48 годин, разом ${total}`,
  topToday: (language: string) => `Найпопулярніше сьогодні (${language})`,
  publishedToday: (n: number) => `Опубліковано сьогодні: ${n}`,
  bySection: 'За рубриками',
  byAuthor: 'За авторами',
} as const;
