/**
 * Fake personal columns, as a real export has them: first and last name (Russian surnames agree with
 * gender), a mobile phone in the form the site stored it, an e-mail made from the name. All invented;
 * they exist so the pipeline has personal columns to drop.
 */
import { translit } from './city-spelling.ts';
import { Rng } from './prng.ts';

const RU_MALE = ['Александр', 'Дмитрий', 'Максим', 'Сергей', 'Андрей', 'Алексей', 'Артём', 'Илья', 'Кирилл', 'Михаил', 'Никита', 'Матвей', 'Роман', 'Егор', 'Арсений', 'Иван', 'Денис', 'Евгений', 'Даниил', 'Тимофей', 'Владислав', 'Игорь', 'Владимир', 'Павел', 'Руслан', 'Марк', 'Константин', 'Тимур', 'Олег', 'Ярослав', 'Антон', 'Николай', 'Глеб', 'Данил', 'Савелий', 'Вадим', 'Степан', 'Юрий', 'Богдан', 'Артур'];
const RU_FEMALE = ['Анастасия', 'Анна', 'Мария', 'Елена', 'Дарья', 'Алина', 'Ирина', 'Екатерина', 'Арина', 'Полина', 'Ольга', 'Юлия', 'Татьяна', 'Наталья', 'Виктория', 'Елизавета', 'Ксения', 'Милана', 'Вероника', 'Алиса', 'Валерия', 'Александра', 'Ульяна', 'Кристина', 'София', 'Марина', 'Светлана', 'Варвара', 'Софья', 'Диана', 'Яна', 'Кира', 'Ангелина', 'Людмила', 'Маргарита', 'Алёна', 'Евгения', 'Надежда'];
/** Male forms; the female form is derived (-ов → -ова, -ский → -ская, others unchanged). */
const RU_LAST = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев', 'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев', 'Романов', 'Воробьёв', 'Сергеев', 'Кузьмин', 'Фролов', 'Александров', 'Дмитриев', 'Королёв', 'Гусев', 'Киселёв', 'Ильин', 'Максимов', 'Поляков', 'Сорокин', 'Виноградов', 'Ковалёв', 'Белов', 'Медведев', 'Антонов', 'Тарасов', 'Жуков', 'Баранов', 'Филиппов', 'Комаров', 'Давыдов', 'Беляев', 'Герасимов', 'Богданов', 'Осипов', 'Сидоров', 'Матвеев', 'Титов', 'Марков', 'Миронов', 'Крылов', 'Куликов', 'Карпов', 'Власов', 'Мельников', 'Денисов', 'Гаврилов', 'Тихонов', 'Казаков', 'Афанасьев', 'Данилов', 'Савельев', 'Тимофеев', 'Фомин', 'Чернов', 'Абрамов', 'Мартынов', 'Ефимов', 'Федотов', 'Щербаков', 'Назаров', 'Калинин', 'Исаев', 'Чернышёв', 'Быков', 'Маслов', 'Родионов', 'Коновалов', 'Лазарев', 'Воронин', 'Климов', 'Филатов', 'Пономарёв', 'Голубев', 'Кудрявцев', 'Прохоров', 'Наумов', 'Потапов', 'Журавлёв', 'Овчинников', 'Трофимов', 'Леонов', 'Соболев', 'Ермаков', 'Колесников', 'Гончаров', 'Емельянов', 'Никифоров', 'Грачёв', 'Котов', 'Гришин', 'Ефремов', 'Архипов', 'Громов', 'Кириллов', 'Малышев', 'Панов', 'Моисеев', 'Румянцев', 'Акимов', 'Кондратьев', 'Бирюков', 'Горбунов', 'Анисимов', 'Ерёмин', 'Тихомиров', 'Галкин', 'Лукьянов', 'Михеев', 'Скворцов', 'Юдин', 'Белоусов', 'Нестеров', 'Симонов', 'Прокофьев', 'Харитонов', 'Князев', 'Цветков', 'Левин', 'Митрофанов', 'Воронов', 'Аксёнов', 'Софронов', 'Мальцев', 'Логинов', 'Горшков', 'Савин', 'Краснов', 'Майоров', 'Демидов', 'Елисеев', 'Рыбаков', 'Сафонов', 'Плотников', 'Дёмин', 'Хохлов', 'Жданов', 'Руденко', 'Шевченко', 'Бондаренко', 'Коваленко', 'Ким', 'Цой', 'Садыков', 'Хабибуллин', 'Гарипов', 'Алиев', 'Магомедов', 'Островский', 'Вишневский', 'Савицкий', 'Ковальский', 'Шевцов'];
const US_FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Christopher', 'Karen', 'Charles', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Sandra', 'Mark', 'Margaret', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Andrew', 'Emily', 'Paul', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'Timothy', 'Deborah', 'Ronald', 'Stephanie', 'Jose', 'Maria', 'Luis', 'Ana', 'Wei', 'Mei', 'Aisha', 'Mohammed', 'Jamal', 'Keisha', 'Tyler', 'Madison', 'Ethan', 'Olivia', 'Noah', 'Emma', 'Liam', 'Ava'];
const US_LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Kim', 'Patel', "O'Brien", 'Murphy', 'Cohen', 'Chen', 'Wang', 'Washington', 'Jefferson', 'Kowalski', 'Schmidt', 'Rossi', 'Sullivan'];
const RU_MAIL = [['mail.ru', 30], ['yandex.ru', 24], ['gmail.com', 22], ['rambler.ru', 6], ['bk.ru', 5], ['list.ru', 5], ['inbox.ru', 4], ['ya.ru', 2], ['icloud.com', 2]] as const;
const US_MAIL = [['gmail.com', 45], ['yahoo.com', 16], ['hotmail.com', 10], ['outlook.com', 8], ['aol.com', 5], ['icloud.com', 9], ['comcast.net', 4], ['msn.com', 3]] as const;
const RU_OPERATORS = ['900', '901', '902', '903', '904', '905', '906', '908', '909', '910', '911', '912', '913', '914', '915', '916', '917', '918', '919', '920', '921', '922', '923', '924', '925', '926', '927', '928', '929', '930', '931', '950', '951', '952', '953', '960', '961', '962', '963', '964', '965', '967', '968', '977', '978', '980', '981', '982', '983', '984', '985', '987', '988', '989', '991', '992', '993', '995', '996', '999'];

export interface Person {
  first: string;
  last: string;
  phone: string;
  email: string;
  /** A phone outside the country: gateways deliver to those much worse. */
  foreignPhone: boolean;
}

function femaleSurname(s: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(s)) return `${s}а`;
  if (s.endsWith('ский')) return `${s.slice(0, -4)}ская`;
  if (s.endsWith('цкий')) return `${s.slice(0, -4)}цкая`;
  return s;
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(48 + rng.int(10));
  return s;
}

function mailDomain(rng: Rng, list: ReadonlyArray<readonly [string, number]>): string {
  let total = 0;
  for (const [, w] of list) total += w;
  let x = rng.next() * total;
  for (const [d, w] of list) {
    x -= w;
    if (x < 0) return d;
  }
  return list[0][0];
}

function emailFor(rng: Rng, first: string, last: string, domains: ReadonlyArray<readonly [string, number]>): string {
  const f = first.toLowerCase().replace(/[^a-z]/g, '');
  const l = last.toLowerCase().replace(/[^a-z]/g, '');
  const k = rng.int(6);
  const local =
    k === 0 ? `${f}.${l}` : k === 1 ? `${f}${l}${rng.range(1, 99)}` : k === 2 ? `${f.charAt(0)}${l}` : k === 3 ? `${l}.${f}${rng.range(70, 2005)}` : k === 4 ? `${f}_${rng.range(100, 9999)}` : `${l}${digits(rng, 3)}`;
  return `${local}@${mailDomain(rng, domains)}`;
}

export function ruPerson(rng: Rng): Person {
  const female = rng.chance(0.47);
  const first = female ? rng.pick(RU_FEMALE) : rng.pick(RU_MALE);
  const male = rng.pick(RU_LAST);
  const last = female ? femaleSurname(male) : male;
  let phone: string;
  let foreignPhone = false;
  const x = rng.next();
  if (x < 0.012) {
    phone = `+380${rng.pick(['50', '63', '66', '67', '68', '93', '95', '97'])}${digits(rng, 7)}`;
    foreignPhone = true;
  } else if (x < 0.02) {
    phone = `+375${rng.pick(['25', '29', '33', '44'])}${digits(rng, 7)}`;
    foreignPhone = true;
  } else if (x < 0.026) {
    phone = `+49${rng.pick(['151', '160', '170', '176'])}${digits(rng, 8)}`;
    foreignPhone = true;
  } else {
    phone = `+7${rng.pick(RU_OPERATORS)}${digits(rng, 7)}`;
  }
  const email = emailFor(rng, translit(first), translit(last), RU_MAIL);
  return { first, last, phone, email, foreignPhone };
}

export function usPerson(rng: Rng): Person {
  const first = rng.pick(US_FIRST);
  const last = rng.pick(US_LAST);
  let phone: string;
  let foreignPhone = false;
  if (rng.chance(0.015)) {
    phone = `+52${rng.pick(['55', '33', '81', '664'])}${digits(rng, 7)}`;
    foreignPhone = true;
  } else {
    phone = `+1${rng.range(2, 9)}${digits(rng, 2)}${rng.range(2, 9)}${digits(rng, 6)}`;
  }
  return { first, last, phone, email: emailFor(rng, first, last, US_MAIL), foreignPhone };
}
