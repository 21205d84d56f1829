import { ApiError } from '../api.ts';

/** Ukrainian plural: one (1, 21…), few (2–4, 22–24…), many (0, 5–20, 25…). */
const plural = (n: number, one: string, few: string, many: string) => {
  const d = n % 10;
  const dd = n % 100;
  if (d === 1 && dd !== 11) return one;
  if (d >= 2 && d <= 4 && (dd < 12 || dd > 14)) return few;
  return many;
};

/**
 * The strings of the desk's management screens: sections, authors, polls, static pages,
 * settings, API keys and the audit log (`t.manage` once in i18n.ts; the menu's names are
 * `core.nav`).
 */
export const manage = {
  common: {
    loading: 'Завантаження…',
    edit: 'Редагувати',
    delete: 'Видалити',
    cancelEdit: 'Скасувати редагування',
    save: 'Зберегти зміни',
    saved: 'Збережено.',
    deleted: 'Видалено.',
    actions: 'Дії',
    empty: 'Поки що нічого.',
    none: '—',
    slugHint: 'Латинські малі літери й цифри, слова через дефіс: economy, war-news.',
    language: 'Мова',
    languages: { uk: 'Українська', ru: 'Російська' } as Record<string, string>,
    confirmDelete: (name: string) => `Видалити «${name}»? Цього не можна скасувати.`,
    editorsOnly: 'Ви можете лише переглядати цей розділ: змінювати його можуть редактори й адміністратори.',
    adminsOnly: 'Ви можете лише переглядати налаштування: змінювати їх можуть адміністратори.',
  },
  sections: {
    title: 'Рубрики',
    name: 'Назва',
    slug: 'Адреса (slug)',
    position: 'Порядок у меню',
    positionHint: 'Менше число — ближче до початку меню.',
    nameIn: { uk: 'Назва українською', ru: 'Назва російською' } as Record<string, string>,
    descriptionIn: { uk: 'Опис українською', ru: 'Опис російською' } as Record<string, string>,
    newTitle: 'Нова рубрика',
    editTitle: (name: string) => `Редагування рубрики «${name}»`,
    create: 'Створити рубрику',
  },
  authors: {
    title: 'Автори',
    name: 'Ім’я',
    slug: 'Адреса (slug)',
    slugHint: 'Порожнє поле — адреса з імені. Латинські малі літери й цифри, слова через дефіс.',
    photo: 'Номер фото в медіатеці',
    photoHint: 'Необов’язково. Порожнє поле — без фото.',
    nameIn: { uk: 'Ім’я українською', ru: 'Ім’я російською' } as Record<string, string>,
    bioIn: { uk: 'Про автора українською', ru: 'Про автора російською' } as Record<string, string>,
    newTitle: 'Новий автор',
    editTitle: (name: string) => `Редагування автора «${name}»`,
    create: 'Створити автора',
  },
  polls: {
    title: 'Опитування',
    question: 'Питання',
    options: 'Варіанти відповіді',
    optionsHint: 'Кожен варіант з нового рядка, від 2 до 12.',
    optionsEditHint:
      'Кожен варіант з нового рядка. Варіанти можна перейменувати або додати, але не вилучити: за них уже голосують.',
    multiple: 'Можна обрати кілька варіантів',
    sitewide: 'Показувати на всьому сайті (біля публікацій без власного опитування)',
    article: 'Номер публікації для опитування',
    articleHint: 'Необов’язково. Порожнє поле — без прив’язки до публікації.',
    opensAt: 'Початок голосування',
    opensHint: 'Час вашого пристрою. Порожнє поле — одразу.',
    closesAt: 'Кінець голосування',
    closesHint: 'Час вашого пристрою. Порожнє поле — доки не закриєте вручну.',
    newTitle: 'Нове опитування',
    editTitle: (q: string) => `Редагування опитування «${q}»`,
    create: 'Створити опитування',
    close: 'Закрити голосування',
    confirmClose: (q: string) => `Закрити опитування «${q}»? Відкрити його знову не вийде.`,
    results: 'Результати',
    state: {
      open: 'Триває',
      closed: 'Закрито',
      scheduled: 'Ще не почалося',
      ended: 'Завершилося',
    },
    sitewideMark: 'на всьому сайті',
    articleMark: (id: number) => `до публікації № ${id}`,
    period: (from: string, to: string | null) => (to ? `з ${from} до ${to}` : `з ${from}`),
    votes: (n: number) => `${n} ${plural(n, 'голос', 'голоси', 'голосів')}`,
    total: (n: number) => `Усього проголосували: ${n}`,
    resultsOf: (q: string) => `Результати опитування «${q}»`,
  },
  pages: {
    title: 'Статичні сторінки',
    key: 'Ключ',
    keyHint: 'Однаковий для всіх мовних версій сторінки: about, privacy.',
    slug: 'Адреса (slug)',
    slugHint: 'Порожнє поле — така сама, як ключ.',
    pageTitle: 'Заголовок',
    body: 'Текст сторінки (HTML)',
    bodyHint:
      'Абзаци, заголовки h2–h4, списки, цитати, посилання, жирний шрифт і курсив. Іншу розмітку буде вилучено.',
    updated: 'Змінено',
    open: 'Відкрити на сайті',
    newTitle: 'Нова сторінка',
    editTitle: (title: string, language: string) => `Редагування сторінки «${title}» (${language})`,
    editing: (key: string, language: string) => `Ключ: ${key} · мова: ${language}`,
    save: 'Зберегти сторінку',
  },
  settings: {
    title: 'Налаштування сайту',
    googleNews: 'Google News',
    googleNewsUrl: 'Посилання на видання в Google News',
    googleNewsHint: 'Адреса https://… Порожнє поле — без посилання.',
    saveGoogleNews: 'Зберегти посилання',
    scripts: 'Сторонні скрипти',
    scriptsIntro: 'Скрипт завантажується в браузері читача, лише коли той погодився на його категорію.',
    script: (n: number) => `Скрипт ${n}`,
    scriptId: 'Ідентифікатор',
    scriptIdHint: 'Латинські малі літери, цифри й дефіс: ga4, ads-main.',
    category: 'Категорія згоди',
    categories: { analytics: 'Аналітика', ads: 'Реклама' } as Record<string, string>,
    src: 'Адреса скрипту (https://…)',
    addScript: 'Додати скрипт',
    removeScript: (n: number) => `Вилучити скрипт ${n}`,
    noScripts: 'Сторонніх скриптів немає.',
    saveScripts: 'Зберегти скрипти',
    twoFactor: 'Обов’язковий двофакторний вхід',
    twoFactorLegend: 'Ролі, яким потрібен двофакторний вхід',
    twoFactorHint:
      'Людям із цими ролями, які ще не ввімкнули двофакторний вхід, відкриється лише профіль, доки вони його не ввімкнуть.',
    saveTwoFactor: 'Зберегти ролі',
  },
  apiKeys: {
    title: 'API-ключі',
    intro: 'Ключ дає програмі доступ до Admin API з правами обраної ролі.',
    name: 'Назва ключа',
    nameHint: 'Для кого або для чого ключ, наприклад «Бот Telegram».',
    role: 'Роль ключа',
    create: 'Створити ключ',
    newTitle: 'Новий ключ',
    created: (name: string, role: string) => `Створено ключ «${name}» з роллю «${role}».`,
    tokenTitle: 'Токен нового ключа',
    tokenOnce: 'Скопіюйте токен зараз: його показано лише один раз.',
    token: 'Токен',
    copy: 'Копіювати токен',
    copied: 'Токен скопійовано.',
    dismiss: 'Токен збережено, сховати',
    createdAt: 'Створено',
    lastUsed: 'Востаннє використано',
    never: 'ще ні',
    revoke: 'Відкликати',
    confirmRevoke: (name: string) =>
      `Відкликати ключ «${name}»? Програми, що ним користуються, одразу втратять доступ.`,
    revoked: 'Ключ відкликано.',
  },
  audit: {
    title: 'Журнал змін',
    filterForm: 'Фільтр журналу',
    filter: 'Дія',
    allActions: 'Усі дії',
    show: 'Показати',
    at: 'Час',
    who: 'Хто',
    action: 'Дія',
    target: 'Об’єкт',
    details: 'Подробиці',
    more: 'Старіші записи',
    end: 'Це найстаріші записи.',
    empty: 'Записів немає.',
    kinds: { user: 'людина', 'api-key': 'API-ключ', system: 'система' } as Record<string, string>,
    actions: {
      StoryCreated: 'Створено публікацію',
      StoryUpdated: 'Змінено публікацію',
      StoryPublished: 'Опубліковано',
      StoryUnpublished: 'Знято з публікації',
      StoryScheduled: 'Заплановано публікацію',
      StoryDeleted: 'Видалено публікацію',
      StoryRestored: 'Відновлено версію публікації',
      StoryReturned: 'Повернуто на доопрацювання',
      StoriesImported: 'Імпортовано публікації',
      SectionChanged: 'Змінено рубрику',
      AuthorChanged: 'Змінено автора',
      PageChanged: 'Змінено сторінку',
      PollChanged: 'Змінено опитування',
      MediaAdded: 'Додано зображення',
      MediaChanged: 'Змінено зображення',
      SettingsChanged: 'Змінено налаштування',
      ApiKeyCreated: 'Створено API-ключ',
      ApiKeyRevoked: 'Відкликано API-ключ',
      ViewsImported: 'Імпортовано перегляди',
      UserChanged: 'Змінено обліковий запис',
      InvitationCreated: 'Надіслано запрошення',
      SignedIn: 'Вхід',
      SignedOut: 'Вихід',
    } as Record<string, string>,
    targets: {
      article: 'публікація',
      articles: 'публікації',
      section: 'рубрика',
      author: 'автор',
      page: 'сторінка',
      poll: 'опитування',
      media: 'зображення',
      settings: 'налаштування',
      'api-key': 'API-ключ',
      views: 'перегляди',
      user: 'обліковий запис',
      invitation: 'запрошення',
    } as Record<string, string>,
  },
  /** Texts of the error codes these screens meet that `core.errors` does not have. */
  problems: {
    VALIDATION_FAILED: 'Перевірте заповнені поля.',
    INVALID_CONTENT: 'Текст містить розмітку, якої сайт не підтримує.',
    UNKNOWN_LANGUAGE: 'Сайт не публікує цією мовою.',
    UNKNOWN_MEDIA: 'У медіатеці немає зображення з таким номером.',
    UNKNOWN_ARTICLE: 'Публікації з таким номером немає.',
    OPTIONS_CANNOT_SHRINK: 'Варіанти можна перейменувати або додати, але не вилучити: за них уже голосували.',
    SECTION_IN_USE:
      'Рубрику не можна видалити: у ній ще є публікації. Спершу перенесіть їх до іншої рубрики.',
    SECTION_SLUG_TAKEN: 'Рубрика з такою адресою вже є.',
    AUTHOR_IN_USE:
      'Автора не можна видалити: його ім’я ще стоїть під публікаціями. Спершу змініть у них автора.',
    AUTHOR_SLUG_TAKEN: 'Автор із такою адресою вже є.',
    SECTION_NOT_FOUND: 'Цієї рубрики вже немає: можливо, її щойно видалили.',
    AUTHOR_NOT_FOUND: 'Цього автора вже немає: можливо, його щойно видалили.',
    POLL_NOT_FOUND: 'Цього опитування вже немає.',
    PAGE_NOT_FOUND: 'Цієї сторінки вже немає.',
    API_KEY_NOT_FOUND: 'Цього ключа вже немає: можливо, його щойно відкликали.',
    TOTP_SETUP_REQUIRED: 'Ваша роль потребує двофакторного входу: спершу ввімкніть його в профілі.',
    CROSS_SITE_REQUEST: 'Зміну відхилено: запит надійшов не зі сторінки редакції.',
    SESSION_EXPIRED: 'Сеанс завершився. Увійдіть знову.',
    UNAUTHENTICATED: 'Увійдіть, щоб продовжити.',
    PAYLOAD_TOO_LARGE: 'Забагато тексту для одного збереження.',
    // Checked in the browser before sending.
    SLUG_FORMAT: 'Адреса: лише латинські малі літери й цифри, слова через дефіс.',
    ID_FORMAT: 'Номер — ціле число, більше за нуль.',
    POSITION_FORMAT: 'Порядок у меню — ціле число від 0 до 10 000.',
    NAME_REQUIRED: 'Вкажіть ім’я хоча б однією мовою.',
    OPTIONS_COUNT: 'Потрібно від 2 до 12 варіантів відповіді.',
    CLOSES_BEFORE_OPENS: 'Кінець голосування має бути пізніше за початок.',
    SCRIPT_ID_FORMAT: 'Ідентифікатор скрипту: латинські малі літери, цифри й дефіс, до 40 символів.',
    SCRIPT_ID_TWICE: 'Ідентифікатори скриптів не можуть повторюватися.',
  } as Record<string, string>,
} as const;

/**
 * The same failure with its message in Ukrainian for the codes above, so that `errorText`
 * (which knows only `core.errors`) shows it; the server's detail stays for invalid input.
 */
export function localized(err: unknown): unknown {
  if (!(err instanceof ApiError)) return err;
  const text = manage.problems[err.code];
  if (!text) return err;
  const detail =
    err.code === 'VALIDATION_FAILED' || err.code === 'INVALID_CONTENT' ? ` (${err.message})` : '';
  return new ApiError(err.status, err.code, `${text}${detail}`, err.retryAfter);
}

/** A failure found in the browser before sending, shown like the server's. */
export const problem = (code: string) => new ApiError(400, code, manage.problems[code] ?? code, null);
