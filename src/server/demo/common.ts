/**
 * Shared word banks: places with their case forms, invented people, the fixed cast of officials,
 * invented outlets and the tag bank. Every name here is made up; roles are generic.
 */
import type { SourceKey } from './bank-types.ts';
import { createRng, hashString, type Rng } from './rng.ts';
import type { P, Slots, Term } from './text.ts';

// ---------------------------------------------------------------------------------------------
// Tags: one bank, uk ↔ ru pairs, so the same tag repeats across stories in both languages.

export const TAGS = {
  kyiv: ['Київ', 'Киев'],
  lviv: ['Львів', 'Львов'],
  odesa: ['Одеса', 'Одесса'],
  kharkiv: ['Харків', 'Харьков'],
  dnipro: ['Дніпро', 'Днепр'],
  zaporizhzhia: ['Запоріжжя', 'Запорожье'],
  regions: ['регіони', 'регионы'],
  parliament: ['Верховна Рада', 'Верховная Рада'],
  government: ['уряд', 'правительство'],
  law: ['законодавство', 'законодательство'],
  localgov: ['місцеве самоврядування', 'местное самоуправление'],
  anticorruption: ['антикорупція', 'антикоррупция'],
  sociology: ['соціологія', 'социология'],
  frontline: ['фронт', 'фронт'],
  airdefense: ['ППО', 'ПВО'],
  drones: ['дрони', 'дроны'],
  demining: ['розмінування', 'разминирование'],
  veterans: ['ветерани', 'ветераны'],
  evacuation: ['евакуація', 'эвакуация'],
  army: ['ЗСУ', 'ВСУ'],
  defenseindustry: ['оборонна промисловість', 'оборонная промышленность'],
  eu: ['ЄС', 'ЕС'],
  diplomacy: ['дипломатія', 'дипломатия'],
  sanctions: ['санкції', 'санкции'],
  aid: ['міжнародна допомога', 'международная помощь'],
  abroad: ['українці за кордоном', 'украинцы за рубежом'],
  nbu: ['НБУ', 'НБУ'],
  hryvnia: ['гривня', 'гривна'],
  inflation: ['інфляція', 'инфляция'],
  prices: ['ціни', 'цены'],
  budget: ['бюджет', 'бюджет'],
  taxes: ['податки', 'налоги'],
  business: ['бізнес', 'бизнес'],
  agro: ['агросектор', 'агросектор'],
  jobs: ['ринок праці', 'рынок труда'],
  fuel: ['пальне', 'топливо'],
  energy: ['енергетика', 'энергетика'],
  investment: ['інвестиції', 'инвестиции'],
  education: ['освіта', 'образование'],
  transport: ['транспорт', 'транспорт'],
  pensions: ['пенсії', 'пенсии'],
  housing: ['житло', 'жилье'],
  volunteers: ['волонтери', 'волонтеры'],
  animals: ['тварини', 'животные'],
  reconstruction: ['відбудова', 'восстановление'],
  digital: ['цифрові послуги', 'цифровые услуги'],
  startups: ['стартапи', 'стартапы'],
  ai: ['штучний інтелект', 'искусственный интеллект'],
  cybersecurity: ['кібербезпека', 'кибербезопасность'],
  telecom: ["зв'язок", 'связь'],
  gadgets: ['гаджети', 'гаджеты'],
  it: ['IT', 'IT'],
  weather: ['погода', 'погода'],
  forecast: ['прогноз погоди', 'прогноз погоды'],
  climate: ['клімат', 'климат'],
  ecology: ['екологія', 'экология'],
  travel: ['подорожі', 'путешествия'],
  food: ['їжа', 'еда'],
  culture: ['культура', 'культура'],
  books: ['книжки', 'книги'],
  cinema: ['кіно', 'кино'],
  festivals: ['фестивалі', 'фестивали'],
  homefinance: ['домашній бюджет', 'домашний бюджет'],
  football: ['футбол', 'футбол'],
  nationalteam: ['збірна України', 'сборная Украины'],
  running: ['біг', 'бег'],
  sport: ['спорт', 'спорт'],
  medicine: ['медицина', 'медицина'],
  vaccination: ['вакцинація', 'вакцинация'],
  mentalhealth: ["ментальне здоров'я", 'ментальное здоровье'],
  hospitals: ['лікарні', 'больницы'],
  prevention: ['профілактика', 'профилактика'],
} as const satisfies Record<string, P>;

export type TagKey = keyof typeof TAGS;

export function isTagKey(k: string): k is TagKey {
  return Object.hasOwn(TAGS, k);
}

// ---------------------------------------------------------------------------------------------
// Sources shown after a headline.

export const SOURCES: Record<Exclude<SourceKey, 'outlet'>, P> = {
  media: ['ЗМІ', 'СМИ'],
  sources: ['джерела', 'источники'],
  analysts: ['аналітики', 'аналитики'],
  sociologists: ['соціологи', 'социологи'],
  forecasters: ['синоптики', 'синоптики'],
};

/** Invented outlets that "report" the claims in source-attributed stories. */
export const OUTLETS: readonly Term[] = [
  { uk: 'Діловий оглядач', ru: 'Деловой обозреватель' },
  { uk: 'Фінансова хвиля', ru: 'Финансовая волна' },
  { uk: "Вісті Придніпров'я", ru: 'Вести Приднепровья' },
  { uk: 'Тиждень регіонів', ru: 'Неделя регионов' },
  { uk: "Столичний кур'єр", ru: 'Столичный курьер' },
  { uk: 'Північний експрес', ru: 'Северный экспресс' },
];

// ---------------------------------------------------------------------------------------------
// Places. Forms: nom, gen, in ("у Києві"), obl, oblGen, inObl ("у Київській області"), ova.

export interface Place {
  readonly key: string;
  readonly term: Term;
}

function city(
  key: string,
  uk: readonly [nom: string, gen: string, inn: string, oblStem: string],
  ru: readonly [nom: string, gen: string, inn: string, oblStem: string],
  tag: TagKey = 'regions',
): Place {
  const [ukNom, ukGen, ukIn, ukObl] = uk;
  const [ruNom, ruGen, ruIn, ruObl] = ru;
  // Ukrainian euphony: "в" before a vowel ("в Одеській"), "у" before a consonant.
  const ukPrep = /^[АЕЄИІЇОУЮЯ]/.test(ukObl) ? 'в' : 'у';
  return {
    key,
    term: {
      uk: {
        nom: ukNom,
        gen: ukGen,
        in: ukIn,
        obl: `${ukObl}а область`,
        oblGen: `${ukObl}ої області`,
        inObl: `${ukPrep} ${ukObl}ій області`,
        ova: `${ukObl}ої ОВА`,
      },
      ru: {
        nom: ruNom,
        gen: ruGen,
        in: ruIn,
        obl: `${ruObl}ая область`,
        oblGen: `${ruObl}ой области`,
        inObl: `в ${ruObl}ой области`,
        ova: `${ruObl}ой ОВА`,
      },
      tag,
    },
  };
}

export const PLACES = {
  kyiv: city('kyiv', ['Київ', 'Києва', 'у Києві', 'Київськ'], ['Киев', 'Киева', 'в Киеве', 'Киевск'], 'kyiv'),
  lviv: city(
    'lviv',
    ['Львів', 'Львова', 'у Львові', 'Львівськ'],
    ['Львов', 'Львова', 'во Львове', 'Львовск'],
    'lviv',
  ),
  odesa: city(
    'odesa',
    ['Одеса', 'Одеси', 'в Одесі', 'Одеськ'],
    ['Одесса', 'Одессы', 'в Одессе', 'Одесск'],
    'odesa',
  ),
  kharkiv: city(
    'kharkiv',
    ['Харків', 'Харкова', 'у Харкові', 'Харківськ'],
    ['Харьков', 'Харькова', 'в Харькове', 'Харьковск'],
    'kharkiv',
  ),
  dnipro: city(
    'dnipro',
    ['Дніпро', 'Дніпра', 'у Дніпрі', 'Дніпропетровськ'],
    ['Днепр', 'Днепра', 'в Днепре', 'Днепропетровск'],
    'dnipro',
  ),
  zaporizhzhia: city(
    'zaporizhzhia',
    ['Запоріжжя', 'Запоріжжя', 'у Запоріжжі', 'Запорізьк'],
    ['Запорожье', 'Запорожья', 'в Запорожье', 'Запорожск'],
    'zaporizhzhia',
  ),
  vinnytsia: city(
    'vinnytsia',
    ['Вінниця', 'Вінниці', 'у Вінниці', 'Вінницьк'],
    ['Винница', 'Винницы', 'в Виннице', 'Винницк'],
  ),
  poltava: city(
    'poltava',
    ['Полтава', 'Полтави', 'у Полтаві', 'Полтавськ'],
    ['Полтава', 'Полтавы', 'в Полтаве', 'Полтавск'],
  ),
  chernihiv: city(
    'chernihiv',
    ['Чернігів', 'Чернігова', 'у Чернігові', 'Чернігівськ'],
    ['Чернигов', 'Чернигова', 'в Чернигове', 'Черниговск'],
  ),
  sumy: city('sumy', ['Суми', 'Сум', 'у Сумах', 'Сумськ'], ['Сумы', 'Сум', 'в Сумах', 'Сумск']),
  mykolaiv: city(
    'mykolaiv',
    ['Миколаїв', 'Миколаєва', 'у Миколаєві', 'Миколаївськ'],
    ['Николаев', 'Николаева', 'в Николаеве', 'Николаевск'],
  ),
  zhytomyr: city(
    'zhytomyr',
    ['Житомир', 'Житомира', 'у Житомирі', 'Житомирськ'],
    ['Житомир', 'Житомира', 'в Житомире', 'Житомирск'],
  ),
  cherkasy: city(
    'cherkasy',
    ['Черкаси', 'Черкас', 'у Черкасах', 'Черкаськ'],
    ['Черкассы', 'Черкасс', 'в Черкассах', 'Черкасск'],
  ),
  rivne: city(
    'rivne',
    ['Рівне', 'Рівного', 'у Рівному', 'Рівненськ'],
    ['Ровно', 'Ровно', 'в Ровно', 'Ровенск'],
  ),
  lutsk: city('lutsk', ['Луцьк', 'Луцька', 'у Луцьку', 'Волинськ'], ['Луцк', 'Луцка', 'в Луцке', 'Волынск']),
  ternopil: city(
    'ternopil',
    ['Тернопіль', 'Тернополя', 'у Тернополі', 'Тернопільськ'],
    ['Тернополь', 'Тернополя', 'в Тернополе', 'Тернопольск'],
  ),
  ivanofrankivsk: city(
    'ivanofrankivsk',
    ['Івано-Франківськ', 'Івано-Франківська', 'в Івано-Франківську', 'Івано-Франківськ'],
    ['Ивано-Франковск', 'Ивано-Франковска', 'в Ивано-Франковске', 'Ивано-Франковск'],
  ),
  uzhhorod: city(
    'uzhhorod',
    ['Ужгород', 'Ужгорода', 'в Ужгороді', 'Закарпатськ'],
    ['Ужгород', 'Ужгорода', 'в Ужгороде', 'Закарпатск'],
  ),
  khmelnytskyi: city(
    'khmelnytskyi',
    ['Хмельницький', 'Хмельницького', 'у Хмельницькому', 'Хмельницьк'],
    ['Хмельницкий', 'Хмельницкого', 'в Хмельницком', 'Хмельницк'],
  ),
  chernivtsi: city(
    'chernivtsi',
    ['Чернівці', 'Чернівців', 'у Чернівцях', 'Чернівецьк'],
    ['Черновцы', 'Черновцов', 'в Черновцах', 'Черновицк'],
  ),
  kropyvnytskyi: city(
    'kropyvnytskyi',
    ['Кропивницький', 'Кропивницького', 'у Кропивницькому', 'Кіровоградськ'],
    ['Кропивницкий', 'Кропивницкого', 'в Кропивницком', 'Кировоградск'],
  ),
  kherson: city(
    'kherson',
    ['Херсон', 'Херсона', 'у Херсоні', 'Херсонськ'],
    ['Херсон', 'Херсона', 'в Херсоне', 'Херсонск'],
  ),
  kramatorsk: city(
    'kramatorsk',
    ['Краматорськ', 'Краматорська', 'у Краматорську', 'Донецьк'],
    ['Краматорск', 'Краматорска', 'в Краматорске', 'Донецк'],
  ),
} satisfies Record<string, Place>;

export type PlaceKey = keyof typeof PLACES;

export function places(...keys: PlaceKey[]): readonly Place[] {
  return keys.map((k) => PLACES[k]);
}

/** Cities a general story can happen in; the big ones appear more often, as in real news. */
export const ALL_PLACES: readonly Place[] = [
  ...places(
    'kyiv',
    'kyiv',
    'kyiv',
    'lviv',
    'lviv',
    'odesa',
    'odesa',
    'kharkiv',
    'kharkiv',
    'dnipro',
    'dnipro',
  ),
  ...places('zaporizhzhia', 'vinnytsia', 'poltava', 'chernihiv', 'sumy', 'mykolaiv', 'zhytomyr', 'cherkasy'),
  ...places('rivne', 'lutsk', 'ternopil', 'ivanofrankivsk', 'uzhhorod', 'khmelnytskyi', 'chernivtsi'),
  ...places('kropyvnytskyi', 'kherson'),
];

/** Regions close to the front line or the border, for war stories. */
export const FRONT_PLACES: readonly Place[] = places(
  'kharkiv',
  'sumy',
  'chernihiv',
  'zaporizhzhia',
  'kherson',
  'dnipro',
  'mykolaiv',
  'odesa',
  'kramatorsk',
);

// ---------------------------------------------------------------------------------------------
// People. All invented; a person is a Term with forms nom (full name), sur (surname), role.

export interface Role {
  readonly uk: string;
  /** Feminine form, when Ukrainian has one in use ("економістка"). */
  readonly ukF?: string;
  readonly ru: string;
  readonly ruF?: string;
}

export const role = (uk: string, ru: string, ukF?: string, ruF?: string): Role => ({
  uk,
  ru,
  ...(ukF ? { ukF } : {}),
  ...(ruF ? { ruF } : {}),
});

const MALE: readonly P[] = [
  ['Андрій', 'Андрей'],
  ['Олександр', 'Александр'],
  ['Сергій', 'Сергей'],
  ['Дмитро', 'Дмитрий'],
  ['Олег', 'Олег'],
  ['Юрій', 'Юрий'],
  ['Василь', 'Василий'],
  ['Тарас', 'Тарас'],
  ['Ігор', 'Игорь'],
  ['Максим', 'Максим'],
  ['Віктор', 'Виктор'],
  ['Роман', 'Роман'],
  ['Павло', 'Павел'],
  ['Микола', 'Николай'],
  ['Євген', 'Евгений'],
  ['Остап', 'Остап'],
  ['Владислав', 'Владислав'],
  ['Артем', 'Артем'],
  ['Степан', 'Степан'],
  ['Ярослав', 'Ярослав'],
];

const FEMALE: readonly P[] = [
  ['Олена', 'Елена'],
  ['Наталія', 'Наталья'],
  ['Ірина', 'Ирина'],
  ['Оксана', 'Оксана'],
  ['Тетяна', 'Татьяна'],
  ['Юлія', 'Юлия'],
  ['Марина', 'Марина'],
  ['Світлана', 'Светлана'],
  ['Катерина', 'Екатерина'],
  ['Ганна', 'Анна'],
  ['Людмила', 'Людмила'],
  ['Вікторія', 'Виктория'],
  ['Дарина', 'Дарина'],
  ['Галина', 'Галина'],
  ['Олеся', 'Олеся'],
  ['Христина', 'Кристина'],
  ["Мар'яна", 'Марьяна'],
  ['Надія', 'Надежда'],
];

/**
 * [uk masc, uk fem, ru masc, ru fem]; most Ukrainian surnames do not change with gender.
 * Surnames of the fixed cast and of the authors are left out so nobody gets a namesake.
 */
type Surname = readonly [string, string, string, string];
const same = (uk: string, ru: string): Surname => [uk, uk, ru, ru];

const SURNAMES: readonly Surname[] = [
  same('Савчук', 'Савчук'),
  same('Мельничук', 'Мельничук'),
  same('Остапчук', 'Остапчук'),
  same('Захарченко', 'Захарченко'),
  same('Семенюк', 'Семенюк'),
  same('Приходько', 'Приходько'),
  same('Костенко', 'Костенко'),
  same('Олійник', 'Олейник'),
  same('Лисенко', 'Лысенко'),
  same('Стасюк', 'Стасюк'),
  same('Головко', 'Головко'),
  same('Панченко', 'Панченко'),
  same('Шаповал', 'Шаповал'),
  same('Собко', 'Собко'),
  same('Петрук', 'Петрук'),
  same('Мирошниченко', 'Мирошниченко'),
  same('Кушнір', 'Кушнир'),
  same('Бабич', 'Бабич'),
  same('Ткачук', 'Ткачук'),
  same('Гончарук', 'Гончарук'),
  same('Пилипенко', 'Пилипенко'),
  same('Швець', 'Швец'),
  same('Дячук', 'Дьячук'),
  same('Нестерук', 'Нестерук'),
  same('Поліщук', 'Полищук'),
  same('Ковтун', 'Ковтун'),
  same('Олексюк', 'Олексюк'),
  same('Гуцал', 'Гуцал'),
  same('Зайченко', 'Зайченко'),
  ['Левицький', 'Левицька', 'Левицкий', 'Левицкая'],
  ['Ярошевський', 'Ярошевська', 'Ярошевский', 'Ярошевская'],
  ['Кравецький', 'Кравецька', 'Кравецкий', 'Кравецкая'],
  ['Дубовий', 'Дубова', 'Дубовой', 'Дубовая'],
  ['Стельмах', 'Стельмах', 'Стельмах', 'Стельмах'],
];

export interface Name {
  readonly uk: string;
  readonly ru: string;
  readonly ukSur: string;
  readonly ruSur: string;
  readonly female: boolean;
}

export function randomName(r: Rng, female: boolean): Name {
  const first = r.pick(female ? FEMALE : MALE);
  const sur = r.pick(SURNAMES);
  const ukSur = female ? sur[1] : sur[0];
  const ruSur = female ? sur[3] : sur[2];
  return { uk: `${first[0]} ${ukSur}`, ru: `${first[1]} ${ruSur}`, ukSur, ruSur, female };
}

export function personOf(name: Name, ro: Role): Term {
  return {
    uk: { nom: name.uk, sur: name.ukSur, role: name.female && ro.ukF ? ro.ukF : ro.uk },
    ru: { nom: name.ru, sur: name.ruSur, role: name.female && ro.ruF ? ro.ruF : ro.ru },
    female: name.female,
  };
}

/** An invented person in a generic role; a new one per story (there are many analysts). */
export function person(r: Rng, ro: Role | readonly Role[], femaleShare = 0.45): Term {
  const one = Array.isArray(ro) ? r.pick(ro as readonly Role[]) : (ro as Role);
  return personOf(randomName(r, r.chance(femaleShare)), one);
}

function fixed(uk: string, ru: string, female: boolean, ro: Role): Term {
  const ukSur = uk.split(' ').at(-1)!;
  const ruSur = ru.split(' ').at(-1)!;
  return personOf({ uk, ru, ukSur, ruSur, female }, ro);
}

/** Officials who recur across stories keep their names, as they would on a real site. */
export const CAST = {
  financeDeputy: fixed(
    'Наталія Сокальська',
    'Наталья Сокальская',
    true,
    role('заступниця міністра фінансів', 'заместитель министра финансов'),
  ),
  nbuDeputy: fixed(
    'Тетяна Вербицька',
    'Татьяна Вербицкая',
    true,
    role('заступниця голови Національного банку', 'заместитель председателя Национального банка'),
  ),
  airForce: fixed(
    'Андрій Заболотний',
    'Андрей Заболотный',
    false,
    role('речник Повітряних сил ЗСУ', 'спикер Воздушных сил ВСУ'),
  ),
  mfa: fixed('Ігор Мартинюк', 'Игорь Мартынюк', false, role('речник МЗС України', 'спикер МИД Украины')),
  defenceDigital: fixed(
    'Максим Остапенко',
    'Максим Остапенко',
    false,
    role(
      'заступник міністра оборони з питань цифровізації',
      'заместитель министра обороны по вопросам цифровизации',
    ),
  ),
  socialDeputy: fixed(
    'Людмила Гнатюк',
    'Людмила Гнатюк',
    true,
    role('заступниця міністра соціальної політики', 'заместитель министра социальной политики'),
  ),
  eduDeputy: fixed(
    'Роман Федорук',
    'Роман Федорук',
    false,
    role('заступник міністра освіти і науки', 'заместитель министра образования и науки'),
  ),
  healthDeputy: fixed(
    'Оксана Тимошук',
    'Оксана Тимошук',
    true,
    role("заступниця міністра охорони здоров'я", 'заместитель министра здравоохранения'),
  ),
  digitalDeputy: fixed(
    'Віталій Гордієнко',
    'Виталий Гордиенко',
    false,
    role('заступник міністра цифрової трансформації', 'заместитель министра цифровой трансформации'),
  ),
  sportDeputy: fixed(
    'Олег Литвиненко',
    'Олег Литвиненко',
    false,
    role('заступник міністра молоді та спорту', 'заместитель министра молодежи и спорта'),
  ),
  sesSpokes: fixed('Олеся Романюк', 'Олеся Романюк', true, role('речниця ДСНС', 'спикер ГСЧС')),
  forecasters: [
    fixed(
      'Ірина Яремчук',
      'Ирина Яремчук',
      true,
      role('синоптикиня Українського гідрометцентру', 'синоптик Украинского гидрометцентра'),
    ),
    fixed(
      'Степан Кучер',
      'Степан Кучер',
      false,
      role('провідний синоптик Українського гідрометцентру', 'ведущий синоптик Украинского гидрометцентра'),
    ),
  ],
} as const;

const derived = new Map<string, Term>();

function stablePerson(key: string, ro: Role): Term {
  let p = derived.get(key);
  if (!p) {
    const r = createRng(hashString(key));
    p = personOf(randomName(r, r.chance(0.35)), ro);
    derived.set(key, p);
  }
  return p;
}

/** The place and the two officials who speak for it; the same people every time for a place. */
export function placeSlots(p: Place): Slots {
  const uk = p.term.uk as Record<string, string>;
  const ru = p.term.ru as Record<string, string>;
  return {
    place: p.term,
    regionHead: stablePerson(
      `head:${p.key}`,
      role(`начальник ${uk.ova}`, `начальник ${ru.ova}`, `начальниця ${uk.ova}`),
    ),
    deputyMayor: stablePerson(
      `deputy:${p.key}`,
      role(
        `заступник міського голови ${uk.gen}`,
        `заместитель городского головы ${ru.gen}`,
        `заступниця міського голови ${uk.gen}`,
      ),
    ),
  };
}

/** Slots every story has: a place with its officials and an outlet to cite. */
export function commonSlots(r: Rng, pool: readonly Place[] = ALL_PLACES): Slots {
  return { ...placeSlots(r.pick(pool)), outlet: r.pick(OUTLETS) };
}
