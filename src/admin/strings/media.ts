/**
 * The strings of the media library: the "Медіа" screen, uploads, and the picker the story
 * editor opens. Meant to sit in the catalogue under its own key (`t.media`), like `desk`.
 */
export const media = {
  title: 'Медіа',
  intro: 'Зображення редакції: завантажуйте нові, підписуйте автора фото й позначайте головне на знімку.',
  library: 'Бібліотека зображень',
  empty: 'У бібліотеці ще немає зображень.',
  loadingLibrary: 'Завантаження бібліотеки…',
  more: 'Показати ще',
  /** Accessible name of a thumbnail in the library screen. */
  open: (id: number, credit: string, width: number, height: number) =>
    `Зображення №${id}, ${width} × ${height}${credit ? `, автор фото: ${credit}` : ''}`,
  /** Accessible name of a thumbnail in the picker: choosing it is immediate. */
  pick: (id: number, credit: string, width: number, height: number) =>
    `Вибрати зображення №${id}, ${width} × ${height}${credit ? `, автор фото: ${credit}` : ''}`,
  current: 'поточне',

  upload: 'Завантажити зображення',
  uploadArea: 'Нові зображення',
  uploadCredit: 'Автор фото для нових зображень',
  uploadCreditHint: 'Необов’язково; можна додати й пізніше для кожного зображення.',
  dropHere: 'Перетягніть зображення сюди, вставте з буфера обміну (Ctrl+V) або виберіть файл.',
  dropNow: 'Відпустіть, щоб завантажити.',
  uploads: 'Завантаження',
  uploading: (name: string) => `Завантаження «${name}»…`,
  uploaded: (name: string) => `Завантажено «${name}».`,
  failed: (name: string, why: string) => `Не вдалося завантажити «${name}»: ${why}`,
  pasted: 'зображення з буфера',
  progress: (name: string) => `Поступ завантаження «${name}»`,
  dismiss: 'Прибрати повідомлення',

  details: 'Зображення',
  selected: (id: number, width: number, height: number) => `№${id}, ${width} × ${height} пікселів`,
  credit: 'Автор фото',
  creditRu: 'Автор фото російською (для російських сторінок; порожнє — як українською)',
  focus: 'Головне на знімку',
  focusHint:
    'Клацніть на зображенні там, де головне (обличчя, предмет): обрізані версії для соцмереж і пошуку збережуть цю точку. Або задайте її числами нижче чи стрілками, коли зображення у фокусі.',
  focusButton: (x: number, y: number) =>
    `Головна точка: ${x} % зліва, ${y} % згори. Клацніть, щоб перенести; стрілки зсувають на 1 %, із Shift — на 10 %.`,
  focusX: 'Головна точка: відсоток зліва',
  focusY: 'Головна точка: відсоток згори',
  focusAuto: 'Точку не позначено: сайт сам шукає головне на знімку.',
  focusReset: 'Скинути точку (автоматично)',
  previews: 'Як обріже сайт',
  preview: (ratio: string) => `Обрізка ${ratio}`,
  save: 'Зберегти',
  saving: 'Збереження…',
  saved: 'Збережено.',
  saveFailed: (why: string) => `Не вдалося зберегти: ${why}`,
  loadFailed: (why: string) => `Не вдалося відкрити бібліотеку: ${why}`,
  close: 'Закрити',

  pickerTitle: 'Вибір зображення',
  pickerIntro: 'Виберіть зображення з бібліотеки або завантажте нове.',

  errors: {
    NOT_IMAGE: 'це не зображення. Підходять JPEG, PNG, WebP, AVIF і GIF.',
    TOO_LARGE: 'файл більший за 25 МБ.',
    MEDIA_UNREADABLE: 'файл не вдалося прочитати як зображення, або воно завелике (понад 40 мегапікселів).',
    MEDIA_EXPECTED: 'це не зображення. Підходять JPEG, PNG, WebP, AVIF і GIF.',
    CTP_BODY_TOO_LARGE: 'файл більший за 25 МБ.',
    CTP_INVALID_MEDIA_TYPE: 'сервер не приймає файли цього типу.',
    MEDIA_NOT_FOUND: 'цього зображення вже немає в бібліотеці.',
    VALIDATION_FAILED: 'перевірте значення: точка — від 0 до 100 %, автор фото — до 200 символів.',
    FORBIDDEN: 'у вашої ролі немає на це прав.',
    TOTP_SETUP_REQUIRED: 'спершу увімкніть двофакторний вхід у профілі.',
    UNAUTHENTICATED: 'сеанс завершився, увійдіть знову.',
    NETWORK: 'немає з’єднання із сервером.',
    OTHER: 'щось пішло не так.',
  } as Record<string, string>,
} as const;
