// SMS through an sms.ru-style HTTP gateway: POST {baseUrl}/sms/send with api_id, to, msg, json=1
// (and `from`, the agreed sender name). The answer is JSON:
//
//   { "status": "OK", "status_code": 100, "balance": 4122.56,
//     "sms": { "79151234567": { "status": "OK", "status_code": 100, "sms_id": "000000-10000000" } } }
//
// or, when the whole request is refused, { "status": "ERROR", "status_code": 200, "status_text": "…" }.
// A number's own entry may be an error too ({ "status": "ERROR", "status_code": 207, … }).
// POST, because long texts would not fit a GET address and the gateway asks for POST (code 210).
import { smsRuNumber } from './phone.ts';
import { SmsSendError, type SmsFailureKind, type SmsTransport } from './transport.ts';

export const SMS_RU_DEFAULT_URL = 'https://sms.ru';

export interface SmsRuOptions {
  apiId: string;
  /** The sender name agreed with sms.ru; omitted: the account's default. */
  sender?: string;
  baseUrl?: string;
  /** A dead gateway must fail within seconds so a batch stays inside its lease. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

// sms.ru's published codes (sms.ru/api/send, «Коды ошибок»). Only a verdict on this message or
// number is final; anything about our account, sender name, limits of the day or the service
// itself is retried until someone fixes it, so an outage or an empty balance loses nothing.
const PERMANENT = new Set([
  150, // no route to this number
  202, // wrong recipient number, or no route to it
  203, // no message text
  205, // message too long (more than 8 SMS)
  207, // no delivery route to this number
  209, // the number is in the stop list
  232, // the same message to this number already sent today (a repeat cannot go)
]);
const PER_NUMBER_LIMITS = new Set([
  230, // daily limit of messages to this number
  231, // limit of the same message to this number per minute
  233, // limit of repeated messages with a code to this number
]);
// 200 wrong api_id, 201 not enough money, 204 sender name not agreed, 206 daily limit of the
// account, 210 GET where POST is needed, 211 no such method, 212 text not in UTF-8, 220 service
// temporarily unavailable, 300/301/302 authorisation, 500 server error: all 'server'.

export function classifySmsRuCode(code: number): SmsFailureKind {
  if (PERMANENT.has(code)) return 'permanent';
  if (PER_NUMBER_LIMITS.has(code)) return 'message';
  if (code >= 200 && code < 600) return 'server';
  // A code we do not know: retried, but not forever (it might be about this message).
  return 'message';
}

interface SmsRuEntry {
  status?: unknown;
  status_code?: unknown;
  sms_id?: unknown;
  status_text?: unknown;
}

interface SmsRuAnswer extends SmsRuEntry {
  sms?: Record<string, SmsRuEntry>;
  balance?: unknown;
}

const codeOf = (entry: SmsRuEntry) => (typeof entry.status_code === 'number' ? entry.status_code : Number(entry.status_code));
const textOf = (entry: SmsRuEntry) => (typeof entry.status_text === 'string' && entry.status_text ? `: ${entry.status_text}` : '');

function refused(entry: SmsRuEntry, where: string): SmsSendError {
  const code = codeOf(entry);
  if (!Number.isFinite(code)) return new SmsSendError('message', `${where}: непонятный ответ шлюза`);
  return new SmsSendError(classifySmsRuCode(code), `${where}: код ${code}${textOf(entry)}`, code);
}

export function createSmsRuTransport(options: SmsRuOptions): SmsTransport {
  const baseUrl = (options.baseUrl ?? SMS_RU_DEFAULT_URL).replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    description: `sms.ru (${baseUrl})`,
    async send(message) {
      const number = smsRuNumber(message.to);
      const body = new URLSearchParams({ api_id: options.apiId, to: number, msg: message.text, json: '1' });
      if (options.sender) body.set('from', options.sender);
      let response: Response;
      try {
        response = await doFetch(`${baseUrl}/sms/send`, { method: 'POST', body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        throw new SmsSendError('server', `Шлюз SMS недоступен: ${reason}`);
      }
      const raw = await response.text().catch(() => '');
      if (!response.ok) throw new SmsSendError('server', `Шлюз SMS ответил HTTP ${response.status}`);
      let answer: SmsRuAnswer;
      try {
        answer = JSON.parse(raw) as SmsRuAnswer;
      } catch {
        throw new SmsSendError('server', 'Шлюз SMS ответил не JSON');
      }
      if (answer.status !== 'OK') throw refused(answer, 'Шлюз SMS отклонил запрос');
      const entry = answer.sms?.[number];
      // The request went through but says nothing of our number: the outcome is unknown.
      if (!entry) throw new SmsSendError('message', 'Шлюз SMS не сообщил о судьбе сообщения');
      if (entry.status !== 'OK' || codeOf(entry) !== 100) throw refused(entry, 'SMS не принято');
      return { providerMessageId: typeof entry.sms_id === 'string' ? entry.sms_id : null };
    },
  };
}
