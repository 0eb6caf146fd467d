/** IPv4 and IPv6 subnet membership, with addresses as bigints (128 bits; IPv4 kept apart). */
export interface Subnet {
  readonly v6: boolean;
  readonly base: bigint;
  readonly mask: bigint;
}

export function parseIp(text: string): { v6: boolean; value: bigint } | undefined {
  const s = text.trim();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) {
    let v = 0n;
    for (const part of s.split('.')) {
      const n = Number(part);
      if (n > 255) return undefined;
      v = (v << 8n) | BigInt(n);
    }
    return { v6: false, value: v };
  }
  if (!s.includes(':') || !/^[0-9A-Fa-f:.]+(%\w+)?$/.test(s)) return undefined;
  const [addr = ''] = s.split('%');
  const halves = addr.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (g.includes('.')) {
        const v4 = parseIp(g);
        if (v4 === undefined || v4.v6) return undefined;
        out.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  const tail = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return { v6: true, value: v };
}

export function parseSubnet(text: string): Subnet | undefined {
  const [addr = '', bits] = text.split('/');
  const ip = parseIp(addr);
  if (ip === undefined) return undefined;
  const width = ip.v6 ? 128 : 32;
  const prefix = bits === undefined ? width : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > width) return undefined;
  const all = (1n << BigInt(width)) - 1n;
  const mask = prefix === 0 ? 0n : (all << BigInt(width - prefix)) & all;
  return { v6: ip.v6, base: ip.value & mask, mask };
}

export function ipInSubnets(text: string, subnets: readonly Subnet[]): boolean {
  const ip = parseIp(text);
  if (ip === undefined) return false;
  return subnets.some((s) => s.v6 === ip.v6 && (ip.value & s.mask) === s.base);
}
