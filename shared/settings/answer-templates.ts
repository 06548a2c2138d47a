// Ready-made answers the administrator keeps for the office: replies to requests and feedback,
// and reasons for rejecting an application. A clerk picks one and edits it before sending, so
// the same question gets the same correct answer whoever is at the desk. Stored as a setting.
import { z } from 'zod';

const template = z.object({
  title: z.string({ error: 'Назовите шаблон' }).trim().min(1, 'Назовите шаблон').max(80, 'Название шаблона — не длиннее 80 знаков'),
  body: z.string({ error: 'Напишите текст шаблона' }).trim().min(1, 'Напишите текст шаблона').max(2000, 'Текст шаблона — не длиннее 2000 знаков'),
});

const list = z.array(template).max(30, 'Не больше 30 шаблонов каждого вида');

export const answerTemplatesSchema = z.object({
  /** Replies to residents' requests and to feedback. */
  reply: list,
  /** Reasons for rejecting an application for access (the applicant reads them). */
  reject: list,
});

export type AnswerTemplates = z.output<typeof answerTemplatesSchema>;

/** What a new company starts with: the everyday answers of a small town's office. */
export const DEFAULT_ANSWER_TEMPLATES: AnswerTemplates = {
  reply: [
    {
      title: 'Перерасчёт будет в следующей квитанции',
      body: 'Здравствуйте! Перерасчёт выполнен, он будет отражён в квитанции за следующий месяц. Если сумма вызовет вопросы, позвоните нам.',
    },
    {
      title: 'Нужны документы в офисе',
      body: 'Здравствуйте! Для решения вопроса подойдите, пожалуйста, в абонентский отдел с паспортом и документом о праве собственности.',
    },
    {
      title: 'Заявка передана мастеру',
      body: 'Здравствуйте! Ваша заявка передана мастеру, он свяжется с вами по указанному телефону.',
    },
  ],
  reject: [
    {
      title: 'Лицевой счёт не найден',
      body: 'Лицевой счёт с таким номером не найден. Проверьте номер по последней квитанции и подайте заявку ещё раз.',
    },
    {
      title: 'ФИО не совпадает с владельцем',
      body: 'ФИО в заявке не совпадает с данными владельца лицевого счёта. Обратитесь, пожалуйста, в абонентский отдел с паспортом.',
    },
  ],
};
