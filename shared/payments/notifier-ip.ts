// ЮKassa sends notifications only from these addresses (its documentation, «Входящие
// уведомления»). Checking them is optional ('payments.yookassa'.checkNotifierIp): a notification
// never credits anything by itself anyway, the status is always re-read from the API.
import { BlockList, isIPv4, isIPv6 } from 'node:net';

const YOOKASSA_NOTIFIERS = new BlockList();
for (const [address, prefix] of [
  ['185.71.76.0', 27], ['185.71.77.0', 27], ['77.75.153.0', 25], ['77.75.154.128', 25],
] as const) YOOKASSA_NOTIFIERS.addSubnet(address, prefix, 'ipv4');
YOOKASSA_NOTIFIERS.addAddress('77.75.156.11', 'ipv4');
YOOKASSA_NOTIFIERS.addAddress('77.75.156.35', 'ipv4');
YOOKASSA_NOTIFIERS.addSubnet('2a02:5180::', 32, 'ipv6');

export function isYookassaNotifier(ip: string): boolean {
  const plain = ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(plain)) return YOOKASSA_NOTIFIERS.check(plain, 'ipv4');
  if (isIPv6(plain)) return YOOKASSA_NOTIFIERS.check(plain, 'ipv6');
  return false;
}
