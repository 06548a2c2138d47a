// A local stand-in for the sms.ru HTTP API (sms.ru/api/send), close enough to catch mistakes in
// our adapter: POST /sms/send with a form body (api_id, to, msg, json=1, optional from); a wrong
// api_id answers {"status":"ERROR","status_code":200}; GET is refused with 210 as sms.ru does for
// long texts; a number's answer sits under "sms"[number] with status_code 100 and an sms_id.
// Tests script the next answers: a per-number error code, a whole-request error code, HTTP 500.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSms {
  to: string;
  msg: string;
  from: string | null;
  smsId: string;
}

export type ScriptedAnswer =
  /** The number's entry is an error with this code (202 bad number, 230 daily limit per number…). */
  | { numberError: number }
  /** The whole request is refused with this code (200 wrong api_id, 201 no money, 220 service busy…). */
  | { requestError: number }
  /** An HTTP error status with an HTML body, as a broken proxy in front of the gateway gives. */
  | { httpStatus: number };

export interface FakeSmsRu {
  url: string;
  apiId: string;
  /** Messages accepted (status_code 100), in order. */
  accepted: ReceivedSms[];
  /** Every request, accepted or not. */
  requests: { method: string; to: string | null }[];
  /** Answers for the next requests, in order; afterwards requests are accepted. */
  script(...answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

const TEXTS: Record<number, string> = {
  200: 'Неправильный api_id',
  201: 'Не хватает средств на лицевом счету',
  202: 'Неправильно указан номер телефона получателя, либо на него нет маршрута',
  207: 'На этот номер нет маршрута для доставки сообщений',
  220: 'Сервис временно недоступен, попробуйте чуть позже',
  230: 'Превышен общий лимит количества сообщений на этот номер в день',
};

export async function startFakeSmsRu(options: { apiId?: string } = {}): Promise<FakeSmsRu> {
  const apiId = options.apiId ?? 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE';
  const accepted: ReceivedSms[] = [];
  const requests: FakeSmsRu['requests'] = [];
  const scripted: ScriptedAnswer[] = [];
  let balance = 1000;
  let counter = 0;

  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const form = new URLSearchParams(req.method === 'POST' ? body : url.search);
    requests.push({ method: req.method ?? '', to: form.get('to') });
    if (url.pathname !== '/sms/send') return json(res, { status: 'ERROR', status_code: 211, status_text: 'Метод не найден' });
    if (req.method !== 'POST') return json(res, { status: 'ERROR', status_code: 210, status_text: 'Используется GET, где необходимо использовать POST' });
    const answer = scripted.shift();
    if (answer && 'httpStatus' in answer) {
      res.writeHead(answer.httpStatus, { 'content-type': 'text/html' });
      return res.end('<html><body>Bad Gateway</body></html>');
    }
    if (form.get('api_id') !== apiId) return json(res, { status: 'ERROR', status_code: 200, status_text: TEXTS[200] });
    if (answer && 'requestError' in answer) return json(res, { status: 'ERROR', status_code: answer.requestError, status_text: TEXTS[answer.requestError] ?? 'Ошибка' });
    const to = form.get('to') ?? '';
    const msg = form.get('msg') ?? '';
    if (form.get('json') !== '1') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('100\n000000-00000000\nbalance=0');
    }
    if (!msg) return json(res, { status: 'ERROR', status_code: 203, status_text: 'Нет текста сообщения' });
    if (answer && 'numberError' in answer) {
      return json(res, { status: 'OK', status_code: 100, sms: { [to]: { status: 'ERROR', status_code: answer.numberError, status_text: TEXTS[answer.numberError] ?? 'Ошибка' } }, balance });
    }
    if (!/^7\d{10}$/.test(to)) return json(res, { status: 'OK', status_code: 100, sms: { [to]: { status: 'ERROR', status_code: 202, status_text: TEXTS[202] } }, balance });
    const smsId = `000000-${String(++counter).padStart(8, '0')}`;
    balance -= 2.5;
    accepted.push({ to, msg, from: form.get('from'), smsId });
    return json(res, { status: 'OK', status_code: 100, sms: { [to]: { status: 'OK', status_code: 100, sms_id: smsId } }, balance });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiId,
    accepted,
    requests,
    script: (...answers) => void scripted.push(...answers),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
