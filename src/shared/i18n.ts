/**
 * Site chrome in each language. A configured language without its own dictionary
 * falls back to English, so adding a language is configuration, not code; a full
 * dictionary for it is a welcome addition here.
 */
export interface Dictionary {
  languageName: string;
  /** The link to this language's version, written in this language. */
  readIn: string;
  latestNews: string;
  moreNews: string;
  mostRead: string;
  topStories: string;
  author: string;
  /** The byline's label when a story has several authors. */
  authors: string;
  tags: string;
  sections: string;
  home: string;
  /** A page's description when it has none of its own (search results, link previews). */
  siteDescription: (site: string) => string;
  /** The link to the editorial standards: a phrasing that needs no case of the site's name. */
  trustLink: string;
  /** Below a story: more from its section ({section}: the section's name). */
  moreFrom: (section: string) => string;
  /** The footer's link to the page on who owns and funds the site. */
  ownership: string;
  /** The heading of a story's corrections, and the title of the page listing them all. */
  corrections: string;
  correctionsIntro: string;
  /** "Corrected: <date>" before each correction's text. */
  correctedOn: string;
  /** The story a correction on the corrections page belongs to. */
  correctionOf: string;
  /** Live updates: the banner for stories published while the page is open ({n}: how many). */
  liveNew: string;
  /** The label of the site-wide breaking-news strip. */
  breaking: string;
  /** An author page: the subjects they write about, how to reach them, profiles elsewhere. */
  writesAbout: string;
  contactAuthor: string;
  elsewhere: string;
  /** The error report form at the end of a story, and what its sender sees afterwards. */
  report: {
    open: string;
    intro: string;
    message: string;
    email: string;
    send: string;
    thanksTitle: string;
    thanksText: string;
    refusedTitle: string;
    /** Why a report was not taken, by error code (else a general text). */
    refusals: Record<string, string>;
    general: string;
  };
  /** The end of a story: its sources, and how it was reported. */
  sources: string;
  methods: string;
  /** A live blog's updates, and its pinned key updates. */
  liveUpdates: string;
  keyUpdates: string;
  /** A fact check's claim and verdict, shown above its text. */
  claim: string;
  verdict: string;
  /** Labels of the kinds of story other than plain news, shown before the headline. */
  kinds: Readonly<Record<string, string>>;
  googleNews: (site: string) => string;
  notFoundTitle: string;
  notFoundText: string;
  notFoundBack: string;
  badRequestTitle: string;
  badRequestText: string;
  unavailableTitle: string;
  unavailableText: string;
  errorTitle: string;
  errorText: string;
  storiesBy: string;
  storiesTagged: string;
  allLatest: string;
  skipToContent: string;
  mainMenu: string;
  photo: string;
  footerNote: (site: string) => string;
  editorialStandards: string;
  privacyPolicy: string;
  contacts: string;
  noStories: string;
  newer: string;
  loading: string;
  breadcrumbs: string;
  views: string;
  poll: string;
  vote: string;
  votesTotal: (n: string) => string;
  pollClosed: string;
  voteThanks: string;
  voteRefused: string;
  refusals: Record<string, string>;
  backToPage: string;
  consentTitle: string;
  consentText: string;
  consentPolicyLink: string;
  acceptAll: string;
  onlyNecessary: string;
  cookieSettings: string;
  search: string;
  searchLabel: string;
  searchButton: string;
  searchResults: (q: string) => string;
  searchNothing: string;
  searchSection: string;
  searchAllSections: string;
  searchFrom: string;
  searchTo: string;
  searchLanguage: string;
  searchAllLanguages: string;
}

const uk: Dictionary = {
  languageName: 'Українська',
  readIn: 'Читати українською',
  latestNews: 'Останні новини',
  moreNews: 'Більше новин',
  mostRead: 'Найпопулярніше',
  topStories: 'Головне',
  author: 'Автор',
  authors: 'Автори',
  tags: 'Теги',
  sections: 'Розділи',
  home: 'Головна',
  siteDescription: (s) =>
    `${s}: новини України та світу щохвилини — політика, економіка, суспільство, аналітика й перевірка фактів.`,
  trustLink: 'Чому нам можна довіряти',
  ownership: 'Власність і фінансування',
  moreFrom: (s) => `Більше з розділу «${s}»`,
  corrections: 'Виправлення',
  correctionsIntro: 'Усі виправлення, які редакція внесла в опубліковані матеріали, від найновіших.',
  correctedOn: 'Виправлено',
  correctionOf: 'До матеріалу',
  liveNew: 'Нові новини: {n} ↑',
  breaking: 'Терміново',
  liveUpdates: 'Оновлення',
  report: {
    open: 'Повідомити про помилку',
    intro: 'Помітили помилку чи неточність? Опишіть її — редакція перевірить матеріал.',
    message: 'Що не так',
    email: 'Ваша пошта, якщо чекаєте відповіді (необов’язково)',
    send: 'Надіслати',
    thanksTitle: 'Дякуємо',
    thanksText: 'Редакція отримала ваше повідомлення й перевірить матеріал.',
    refusedTitle: 'Повідомлення не надіслано',
    refusals: {
      RATE_LIMITED: 'Забагато повідомлень з вашої адреси. Спробуйте за годину.',
      CROSS_SITE_REQUEST: 'Повідомити про помилку можна лише зі сторінки матеріалу на цьому сайті.',
      VALIDATION_FAILED:
        'Опишіть помилку хоча б кількома словами (до 2000 знаків, не більше двох посилань) і надішліть ще раз зі сторінки матеріалу.',
    },
    general: 'Не вдалося прийняти повідомлення. Спробуйте ще раз зі сторінки матеріалу.',
  },
  sources: 'Джерела',
  methods: 'Як ми це з’ясували',
  writesAbout: 'Пише про',
  contactAuthor: 'Написати автору',
  elsewhere: 'Профілі',
  keyUpdates: 'Головне',
  claim: 'Твердження',
  verdict: 'Вердикт',
  kinds: {
    opinion: 'Думка',
    analysis: 'Аналітика',
    interview: 'Інтерв’ю',
    factcheck: 'Перевірка фактів',
    live: 'Наживо',
    sponsored: 'Партнерський матеріал',
  },
  googleNews: (s) => `Читайте ${s} в Google News`,
  notFoundTitle: 'Сторінку не знайдено',
  notFoundText: 'Такої сторінки немає або її перенесли. Спробуйте останні новини або розділи нижче.',
  notFoundBack: 'На головну',
  badRequestTitle: 'Некоректний запит',
  badRequestText: 'Адреса або параметри запиту мають помилку.',
  unavailableTitle: 'Сайт тимчасово недоступний',
  unavailableText: 'Ми вже працюємо над цим. Спробуйте оновити сторінку за хвилину.',
  errorTitle: 'Щось пішло не так',
  errorText: 'Сталася помилка на нашому боці. Спробуйте оновити сторінку.',
  storiesBy: 'Матеріали автора',
  storiesTagged: 'Матеріали за темою',
  allLatest: 'Усі новини',
  skipToContent: 'Перейти до змісту',
  mainMenu: 'Головне меню',
  photo: 'Фото',
  footerNote: (s) => `© ${s}. Усі права захищено.`,
  editorialStandards: 'Редакційні стандарти',
  privacyPolicy: 'Політика конфіденційності',
  contacts: 'Контакти',
  noStories: 'Тут поки немає матеріалів.',
  newer: 'Новіші',
  loading: 'Завантаження…',
  breadcrumbs: 'Навігаційний ланцюжок',
  views: 'Перегляди',
  poll: 'Опитування',
  vote: 'Проголосувати',
  votesTotal: (n) => `Проголосували: ${n}`,
  pollClosed: 'Опитування завершено.',
  voteThanks: 'Дякуємо, ваш голос враховано.',
  voteRefused: 'Голос не прийнято',
  refusals: {
    ALREADY_VOTED: 'Ви вже проголосували в цьому опитуванні.',
    POLL_CLOSED: 'Це опитування вже не приймає голосів.',
    RATE_LIMITED: 'Забагато голосів з вашої адреси. Спробуйте пізніше.',
    BAD_VOTE: 'Оберіть варіант відповіді.',
    POLL_NOT_FOUND: 'Такого опитування немає.',
    CROSS_SITE_REQUEST: 'Голосувати можна лише на сторінках цього сайту.',
  },
  backToPage: 'Повернутися до сторінки',
  consentTitle: 'Ваша приватність',
  consentText:
    'Ми не ставимо cookie-файлів для стеження. Сервіси аналітики й реклами запускаються лише з вашої згоди; вибір можна змінити будь-коли внизу сторінки.',
  consentPolicyLink: 'Політика конфіденційності',
  acceptAll: 'Прийняти всі',
  onlyNecessary: 'Лише необхідні',
  cookieSettings: 'Налаштування cookie',
  search: 'Пошук',
  searchLabel: 'Що шукаєте?',
  searchButton: 'Знайти',
  searchResults: (q) => `Результати пошуку: «${q}»`,
  searchNothing: 'Нічого не знайдено. Спробуйте інші слова.',
  searchSection: 'Розділ',
  searchAllSections: 'Усі розділи',
  searchFrom: 'з',
  searchTo: 'по',
  searchLanguage: 'Мова',
  searchAllLanguages: 'Усі мови',
};

const ru: Dictionary = {
  languageName: 'Русский',
  readIn: 'Читать на русском',
  latestNews: 'Последние новости',
  moreNews: 'Больше новостей',
  mostRead: 'Самое популярное',
  topStories: 'Главное',
  author: 'Автор',
  authors: 'Авторы',
  tags: 'Теги',
  sections: 'Разделы',
  home: 'Главная',
  siteDescription: (s) =>
    `${s}: новости Украины и мира ежеминутно — политика, экономика, общество, аналитика и проверка фактов.`,
  trustLink: 'Почему нам можно доверять',
  ownership: 'Собственность и финансирование',
  moreFrom: (s) => `Ещё из раздела «${s}»`,
  corrections: 'Исправления',
  correctionsIntro: 'Все исправления, которые редакция внесла в опубликованные материалы, от самых новых.',
  correctedOn: 'Исправлено',
  correctionOf: 'К материалу',
  liveNew: 'Новые новости: {n} ↑',
  breaking: 'Срочно',
  liveUpdates: 'Обновления',
  report: {
    open: 'Сообщить об ошибке',
    intro: 'Заметили ошибку или неточность? Опишите её — редакция проверит материал.',
    message: 'Что не так',
    email: 'Ваша почта, если ждёте ответа (необязательно)',
    send: 'Отправить',
    thanksTitle: 'Спасибо',
    thanksText: 'Редакция получила ваше сообщение и проверит материал.',
    refusedTitle: 'Сообщение не отправлено',
    refusals: {
      RATE_LIMITED: 'Слишком много сообщений с вашего адреса. Попробуйте через час.',
      CROSS_SITE_REQUEST: 'Сообщить об ошибке можно только со страницы материала на этом сайте.',
      VALIDATION_FAILED:
        'Опишите ошибку хотя бы несколькими словами (до 2000 знаков, не больше двух ссылок) и отправьте ещё раз со страницы материала.',
    },
    general: 'Не удалось принять сообщение. Попробуйте ещё раз со страницы материала.',
  },
  sources: 'Источники',
  methods: 'Как мы это выяснили',
  writesAbout: 'Пишет о',
  contactAuthor: 'Написать автору',
  elsewhere: 'Профили',
  keyUpdates: 'Главное',
  claim: 'Утверждение',
  verdict: 'Вердикт',
  kinds: {
    opinion: 'Мнение',
    analysis: 'Аналитика',
    interview: 'Интервью',
    factcheck: 'Проверка фактов',
    live: 'Онлайн',
    sponsored: 'Партнерский материал',
  },
  googleNews: (s) => `Читайте ${s} в Google News`,
  notFoundTitle: 'Страница не найдена',
  notFoundText: 'Такой страницы нет или её перенесли. Попробуйте последние новости или разделы ниже.',
  notFoundBack: 'На главную',
  badRequestTitle: 'Некорректный запрос',
  unavailableTitle: 'Сайт временно недоступен',
  unavailableText: 'Мы уже работаем над этим. Попробуйте обновить страницу через минуту.',
  errorTitle: 'Что-то пошло не так',
  errorText: 'Произошла ошибка на нашей стороне. Попробуйте обновить страницу.',
  badRequestText: 'В адресе или параметрах запроса ошибка.',
  storiesBy: 'Материалы автора',
  storiesTagged: 'Материалы по теме',
  allLatest: 'Все новости',
  skipToContent: 'Перейти к содержанию',
  mainMenu: 'Главное меню',
  photo: 'Фото',
  footerNote: (s) => `© ${s}. Все права защищены.`,
  editorialStandards: 'Редакционные стандарты',
  privacyPolicy: 'Политика конфиденциальности',
  contacts: 'Контакты',
  noStories: 'Здесь пока нет материалов.',
  newer: 'Новее',
  loading: 'Загрузка…',
  breadcrumbs: 'Навигационная цепочка',
  views: 'Просмотры',
  poll: 'Опрос',
  vote: 'Проголосовать',
  votesTotal: (n) => `Проголосовали: ${n}`,
  pollClosed: 'Опрос завершён.',
  voteThanks: 'Спасибо, ваш голос учтён.',
  voteRefused: 'Голос не принят',
  refusals: {
    ALREADY_VOTED: 'Вы уже проголосовали в этом опросе.',
    POLL_CLOSED: 'Этот опрос больше не принимает голоса.',
    RATE_LIMITED: 'Слишком много голосов с вашего адреса. Попробуйте позже.',
    BAD_VOTE: 'Выберите вариант ответа.',
    POLL_NOT_FOUND: 'Такого опроса нет.',
    CROSS_SITE_REQUEST: 'Голосовать можно только на страницах этого сайта.',
  },
  backToPage: 'Вернуться на страницу',
  consentTitle: 'Ваша приватность',
  consentText:
    'Мы не ставим cookie-файлы для слежки. Сервисы аналитики и рекламы запускаются только с вашего согласия; выбор можно изменить в любой момент внизу страницы.',
  consentPolicyLink: 'Политика конфиденциальности',
  acceptAll: 'Принять все',
  onlyNecessary: 'Только необходимые',
  cookieSettings: 'Настройки cookie',
  search: 'Поиск',
  searchLabel: 'Что ищете?',
  searchButton: 'Найти',
  searchResults: (q) => `Результаты поиска: «${q}»`,
  searchNothing: 'Ничего не найдено. Попробуйте другие слова.',
  searchSection: 'Раздел',
  searchAllSections: 'Все разделы',
  searchFrom: 'с',
  searchTo: 'по',
  searchLanguage: 'Язык',
  searchAllLanguages: 'Все языки',
};

const en: Dictionary = {
  languageName: 'English',
  readIn: 'Read in English',
  latestNews: 'Latest news',
  moreNews: 'More news',
  mostRead: 'Most read',
  topStories: 'Top stories',
  author: 'By',
  authors: 'By',
  tags: 'Tags',
  sections: 'Sections',
  home: 'Home',
  siteDescription: (s) => `${s}: news as it happens, with analysis and fact checks.`,
  trustLink: 'Why you can trust us',
  ownership: 'Ownership and funding',
  moreFrom: (s) => `More from ${s}`,
  corrections: 'Corrections',
  correctionsIntro: 'Every correction the newsroom has made to published stories, newest first.',
  correctedOn: 'Corrected',
  correctionOf: 'Story',
  liveNew: 'New stories: {n} ↑',
  breaking: 'Breaking',
  liveUpdates: 'Updates',
  report: {
    open: 'Report an error',
    intro: 'Spotted an error? Tell us and the newsroom will check the story.',
    message: 'What is wrong',
    email: 'Your email, if you want an answer (optional)',
    send: 'Send',
    thanksTitle: 'Thank you',
    thanksText: 'The newsroom has your report and will check the story.',
    refusedTitle: 'Report not sent',
    refusals: {
      RATE_LIMITED: 'Too many reports from your address. Try again in an hour.',
      CROSS_SITE_REQUEST: 'Errors can be reported from the story page on this site only.',
      VALIDATION_FAILED:
        'Describe the error in a few words (up to 2000 characters, two links at most) and send it again from the story page.',
    },
    general: 'The report could not be taken. Try again from the story page.',
  },
  sources: 'Sources',
  methods: 'How we reported this',
  writesAbout: 'Writes about',
  contactAuthor: 'Write to the author',
  elsewhere: 'Profiles',
  keyUpdates: 'Key updates',
  claim: 'Claim',
  verdict: 'Verdict',
  kinds: {
    opinion: 'Opinion',
    analysis: 'Analysis',
    interview: 'Interview',
    factcheck: 'Fact check',
    live: 'Live',
    sponsored: 'Sponsored',
  },
  googleNews: (s) => `Follow ${s} on Google News`,
  notFoundTitle: 'Page not found',
  notFoundText: 'There is no such page or it has moved. Try the latest news or the sections below.',
  notFoundBack: 'Go to the front page',
  badRequestTitle: 'Bad request',
  unavailableTitle: 'The site is briefly unavailable',
  unavailableText: 'We are on it. Try reloading the page in a minute.',
  errorTitle: 'Something went wrong',
  errorText: 'Something failed on our side. Try reloading the page.',
  badRequestText: 'The address or its parameters are malformed.',
  storiesBy: 'Stories by',
  storiesTagged: 'Stories tagged',
  allLatest: 'All news',
  skipToContent: 'Skip to content',
  mainMenu: 'Main menu',
  photo: 'Photo',
  footerNote: (s) => `© ${s}. All rights reserved.`,
  editorialStandards: 'Editorial standards',
  privacyPolicy: 'Privacy policy',
  contacts: 'Contacts',
  noStories: 'No stories here yet.',
  newer: 'Newer',
  loading: 'Loading…',
  breadcrumbs: 'Breadcrumbs',
  views: 'Views',
  poll: 'Poll',
  vote: 'Vote',
  votesTotal: (n) => `Votes: ${n}`,
  pollClosed: 'This poll is closed.',
  voteThanks: 'Thank you, your vote counts.',
  voteRefused: 'Vote not accepted',
  refusals: {
    ALREADY_VOTED: 'You have already voted in this poll.',
    POLL_CLOSED: 'This poll no longer takes votes.',
    RATE_LIMITED: 'Too many votes from your address. Try again later.',
    BAD_VOTE: 'Choose an answer.',
    POLL_NOT_FOUND: 'There is no such poll.',
    CROSS_SITE_REQUEST: 'Votes are taken only from this site’s own pages.',
  },
  backToPage: 'Back to the page',
  consentTitle: 'Your privacy',
  consentText:
    'We set no tracking cookies. Analytics and advertising services run only with your consent; you can change your choice at any time at the bottom of the page.',
  consentPolicyLink: 'Privacy policy',
  acceptAll: 'Accept all',
  onlyNecessary: 'Only necessary',
  cookieSettings: 'Cookie settings',
  search: 'Search',
  searchLabel: 'What are you looking for?',
  searchButton: 'Search',
  searchResults: (q) => `Search results: “${q}”`,
  searchNothing: 'Nothing found. Try other words.',
  searchSection: 'Section',
  searchAllSections: 'All sections',
  searchFrom: 'from',
  searchTo: 'to',
  searchLanguage: 'Language',
  searchAllLanguages: 'All languages',
};

const dictionaries: Record<string, Dictionary> = { uk, ru, en };

export function dictionary(language: string): Dictionary {
  return dictionaries[language] ?? { ...en, languageName: language, readIn: language };
}
