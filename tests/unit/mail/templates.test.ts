import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderEmail } from '../../../shared/mail/templates.ts';
import { emlFileName } from '../../../shared/mail/transport.ts';

const company = { name: 'МУП «ККП»', supportPhone: '+7 (48153) 7-00-00', supportEmail: 'lk@kkp.example', emergencyPhone: '' };

describe('e-mail templates', () => {
  it('renders «заявка одобрена» as matching plain text and HTML with the company in the footer', () => {
    const email = renderEmail(
      {
        title: 'Заявка на доступ одобрена',
        greeting: 'Здравствуйте, Иван Петрович!',
        paragraphs: ['Ваша заявка на доступ к личному кабинету одобрена.', 'Пароль придёт отдельным письмом.'],
        details: [['Лицевой счёт', '00011008'], ['Логин', '00011008']],
        action: { label: 'Войти в личный кабинет', url: 'https://lk.kkp.example/login?from=mail&x=1' },
      },
      company,
    );

    assert.equal(email.subject, 'Заявка на доступ одобрена');
    assert.equal(
      email.text,
      [
        'Здравствуйте, Иван Петрович!',
        '',
        'Ваша заявка на доступ к личному кабинету одобрена.',
        '',
        'Пароль придёт отдельным письмом.',
        '',
        'Лицевой счёт: 00011008',
        'Логин: 00011008',
        '',
        'Войти в личный кабинет:',
        'https://lk.kkp.example/login?from=mail&x=1',
        '',
        '-- ',
        'МУП «ККП»',
        'Телефон: +7 (48153) 7-00-00',
        'Эл. почта: lk@kkp.example',
        'Письмо отправлено автоматически из личного кабинета абонента.',
        '',
      ].join('\n'),
    );
    assert.match(email.html, /^<!doctype html>\n<html lang="ru">/);
    assert.match(email.html, /<title>Заявка на доступ одобрена<\/title>/);
    assert.match(email.html, /<h1[^>]*>Заявка на доступ одобрена<\/h1>/);
    assert.match(email.html, /<td[^>]*>Лицевой счёт<\/td><td[^>]*>00011008<\/td>/);
    assert.match(email.html, /<a href="https:\/\/lk\.kkp\.example\/login\?from=mail&amp;x=1"[^>]*>Войти в личный кабинет<\/a>/);
    assert.match(email.html, /МУП «ККП»<br>Телефон: \+7 \(48153\) 7-00-00<br>Эл\. почта: lk@kkp\.example/);
    assert.doesNotMatch(email.html, /Аварийно-диспетчерская/, 'an empty contact is left out');
  });

  it('escapes whatever came from people or settings', () => {
    const email = renderEmail(
      { title: 'Ответ <b>', paragraphs: ['<script>alert("x")</script> & «кавычки»'], details: [['Имя', "O'Brien <x>"]] },
      { ...company, name: 'ООО "Дом & Ко" <1>' },
    );
    assert.doesNotMatch(email.html, /<script>|<b>|<x>|<1>/);
    assert.match(email.html, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; «кавычки»/);
    assert.match(email.html, /O&#39;Brien &lt;x&gt;/);
    assert.match(email.html, /ООО &quot;Дом &amp; Ко&quot; &lt;1&gt;/);
    assert.match(email.text, /<script>alert\("x"\)<\/script> & «кавычки»/, 'plain text stays as written');
  });

  it('refuses a link that is not an absolute http(s) address', () => {
    assert.throws(() => renderEmail({ title: 'T', paragraphs: [], action: { label: 'L', url: 'javascript:alert(1)' } }, company), /http\(s\)/);
    assert.throws(() => renderEmail({ title: 'T', paragraphs: [], action: { label: 'L', url: '/login' } }, company), /http\(s\)/);
  });

  it('names .eml files by queue time, kind and Message-ID, so a repeat overwrites its own file', () => {
    const name = emlFileName({ createdAt: Date.UTC(2026, 10, 23, 10, 15, 0), kind: 'application.approved', messageId: '<0b6e-4f@kkp.local>' });
    assert.equal(name, '20261123-101500-application.approved-0b6e-4f.eml');
    assert.equal(emlFileName({ createdAt: 0, kind: '../x', messageId: '<a/b@c>' }), '19700101-000000-.._x-a_b.eml');
  });
});
