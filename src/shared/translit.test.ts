import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slugify, transliterate } from './translit.ts';

describe('transliterate (Ukrainian, 2010 national table)', () => {
  it('keeps the case of the source', () => {
    assert.equal(transliterate('Київ', 'uk'), 'Kyiv');
    assert.equal(transliterate('Щастя', 'uk'), 'Shchastia');
    assert.equal(transliterate('ЩАСТЯ', 'uk'), 'SHCHASTIA');
    assert.equal(transliterate('ЮРІЙ', 'uk'), 'YURII');
    assert.equal(transliterate('ЗГОРАНИ', 'uk'), 'ZGHORANY');
    assert.equal(transliterate('Харків і Чернігів', 'uk'), 'Kharkiv i Chernihiv');
  });

  it('applies the word-initial forms of Є, Ї, Й, Ю, Я only at the start of a word', () => {
    assert.equal(transliterate('Єнакієве', 'uk'), 'Yenakiieve');
    assert.equal(transliterate('Їжакевич', 'uk'), 'Yizhakevych');
    assert.equal(transliterate('Йосипівка', 'uk'), 'Yosypivka');
    assert.equal(transliterate('Юрій', 'uk'), 'Yurii');
    assert.equal(transliterate('Яготин', 'uk'), 'Yahotyn');
    assert.equal(transliterate('Стрий', 'uk'), 'Stryi');
    assert.equal(transliterate('Мар’їне', 'uk'), 'Marine');
    assert.equal(transliterate('Костянтин-Ярослав', 'uk'), 'Kostiantyn-Yaroslav');
  });

  it('writes "зг" as "zgh"', () => {
    assert.equal(transliterate('Згорани', 'uk'), 'Zghorany');
    assert.equal(transliterate('розгляд', 'uk'), 'rozghliad');
  });

  it('drops the soft sign and every form of the apostrophe inside a word', () => {
    assert.equal(transliterate('Гоголь', 'uk'), 'Hohol');
    assert.equal(transliterate("Зв'язок", 'uk'), 'Zviazok');
    assert.equal(transliterate('п’ять', 'uk'), 'piat');
    assert.equal(transliterate('пʼять', 'uk'), 'piat');
    assert.equal(transliterate('п`ять', 'uk'), 'piat');
  });

  it('keeps quotes that are punctuation, Latin text and digits', () => {
    assert.equal(transliterate("'Київ'", 'uk'), "'Kyiv'");
    assert.equal(transliterate('NASA і 5G у 2024', 'uk'), 'NASA i 5G u 2024');
  });

  it('uses Ґ → g and Г → h', () => {
    assert.equal(transliterate('Ґалаґан', 'uk'), 'Galagan');
    assert.equal(transliterate('Гадяч', 'uk'), 'Hadiach');
  });

  it('accepts regional language tags and decomposed input', () => {
    assert.equal(transliterate('Київ', 'uk-UA'), 'Kyiv');
    assert.equal(transliterate('Киі\u0308в'.normalize('NFD'), 'uk'), 'Kyiv');
  });
});

describe('transliterate (Russian, ICAO 9303)', () => {
  it('romanises by the passport table', () => {
    assert.equal(transliterate('Киев', 'ru'), 'Kiev');
    assert.equal(transliterate('Щука', 'ru'), 'Shchuka');
    assert.equal(transliterate('Юрий', 'ru'), 'Iurii');
    assert.equal(transliterate('Объявление', 'ru'), 'Obieiavlenie');
    assert.equal(transliterate('Артём', 'ru'), 'Artem');
    assert.equal(transliterate('Эхо Москвы', 'ru'), 'Ekho Moskvy');
    assert.equal(transliterate('Горький', 'ru'), 'Gorkii');
  });

  it('romanises Ukrainian letters quoted inside Russian text', () => {
    assert.equal(transliterate('Ґалаґан і Їжак', 'ru'), 'Galagan i Izhak');
  });
});

describe('transliterate (other languages)', () => {
  it('strips diacritics', () => {
    assert.equal(transliterate('Crème brûlée à Zürich', 'fr'), 'Creme brulee a Zurich');
    assert.equal(transliterate('Łódź', 'pl'), 'Lodz');
  });
});

describe('slugify', () => {
  it('handles the Ukrainian reference examples', () => {
    assert.equal(slugify('Київ', 'uk'), 'kyiv');
    assert.equal(slugify('Згорани', 'uk'), 'zghorany');
    assert.equal(slugify('підтримує', 'uk'), 'pidtrymuie');
    assert.equal(slugify('Юрій', 'uk'), 'yurii');
    assert.equal(slugify("Зв'язок", 'uk'), 'zviazok');
    assert.equal(slugify('Україна', 'uk'), 'ukraina');
    assert.equal(slugify('Щастя', 'uk'), 'shchastia');
    assert.equal(slugify('Єнакієве', 'uk'), 'yenakiieve');
    assert.equal(slugify('Їжакевич', 'uk'), 'yizhakevych');
    assert.equal(slugify('Йосипівка', 'uk'), 'yosypivka');
    assert.equal(slugify('Андрій Ющенко', 'uk'), 'andrii-yushchenko');
    assert.equal(slugify('Гоголь', 'uk'), 'hohol');
  });

  it('handles the Russian reference examples', () => {
    assert.equal(slugify('Киев', 'ru'), 'kiev');
    assert.equal(slugify('Щука', 'ru'), 'shchuka');
    assert.equal(slugify('Объявление', 'ru'), 'obieiavlenie');
    assert.equal(slugify('Юрий', 'ru'), 'iurii');
  });

  it('turns punctuation, quotes and dashes into single hyphens', () => {
    assert.equal(slugify('«Укренерго»: світло — за графіком!', 'uk'), 'ukrenerho-svitlo-za-hrafikom');
    assert.equal(slugify('Київ – Львів — Одеса', 'uk'), 'kyiv-lviv-odesa');
    assert.equal(slugify('  ...Що далі?!  ', 'uk'), 'shcho-dali');
    assert.equal(slugify('“Лапки” та „лапки“', 'uk'), 'lapky-ta-lapky');
    assert.equal(slugify('Ціна: 100% (або 50/50)', 'uk'), 'tsina-100-abo-50-50');
  });

  it('keeps digits', () => {
    assert.equal(slugify('5 тисяч', 'uk'), '5-tysiach');
    assert.equal(slugify('COVID-19 у 2024 році', 'uk'), 'covid-19-u-2024-rotsi');
    assert.equal(slugify('5 тысяч', 'ru'), '5-tysiach');
  });

  it('folds accented Latin letters mixed into Cyrillic text', () => {
    assert.equal(slugify('Кафе «Café Łódź»', 'uk'), 'kafe-cafe-lodz');
  });

  it('cuts long titles at a word boundary', () => {
    const title =
      'Уряд ухвалив рішення про підтримку внутрішньо переміщених осіб у прифронтових громадах Харківщини';
    const slug = slugify(title, 'uk');
    assert.ok(slug.length <= 80, slug);
    assert.equal(slug, 'uriad-ukhvalyv-rishennia-pro-pidtrymku-vnutrishno-peremishchenykh-osib-u');
    assert.equal(slugify('Андрій Ющенко', 'uk', 12), 'andrii');
    // A boundary exactly at the limit keeps the whole preceding word.
    assert.equal(slugify('Андрій Ющенко', 'uk', 6), 'andrii');
    assert.equal(slugify('Андрій Ющенко', 'uk', 17), 'andrii-yushchenko');
  });

  it('cuts a single over-long word hard', () => {
    assert.equal(slugify('Найдовшеслово', 'uk', 5), 'naido');
  });

  it('never returns an empty slug', () => {
    assert.equal(slugify('', 'uk'), 'n');
    assert.equal(slugify('— «» !?', 'uk'), 'n');
    assert.equal(slugify('Ь', 'uk'), 'n');
    assert.equal(slugify('Київ', 'uk', 0), 'k');
  });
});
