import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';

/** A PEM certificate and its PEM private key, for a TLS server. */
export interface SelfSignedCertificate {
  cert: string;
  key: string;
}

// Minimal DER (X.690) encoding: just what one self-signed X.509 v3 certificate needs.
function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);
const integer = (bytes: Buffer) => tlv(0x02, bytes[0] !== undefined && bytes[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.from([0]), bytes);
const octetString = (bytes: Buffer) => tlv(0x04, bytes);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);
const boolTrue = tlv(0x01, Buffer.from([0xff]));

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const groups: number[] = [];
    for (let v = arc; ; v = Math.floor(v / 128)) {
      groups.unshift(v % 128);
      if (v < 128) break;
    }
    bytes.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime (YYMMDDHHMMSSZ), valid for years before 2050. */
function utcTime(at: Date): Buffer {
  const iso = at.toISOString();
  return tlv(0x17, Buffer.from(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`, 'ascii'));
}

const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));

/**
 * A fresh self-signed X.509 v3 certificate for `host` (an IP address or a DNS name), built with
 * node:crypto alone: a P-256 key pair, a DER-encoded to-be-signed certificate with a subject
 * alternative name for the host and for `localhost`, signed with ECDSA-SHA256. It is its own CA
 * (basicConstraints cA), so a client trusts it by passing the certificate as `ca`. Valid from an
 * hour ago for `days` days.
 */
export function generateSelfSignedCertificate(host: string, days = 7): SelfSignedCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const serial = randomBytes(16);
  // Positive and minimal in DER: a first byte of 0x00 would be padding OpenSSL refuses ("illegal padding", 1 certificate in 256).
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01;
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8('attune Graph simulator'))));
  const now = Date.now();
  const validity = sequence(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + days * 86_400_000)));
  const hostName = isIP(host) === 4 ? tlv(0x87, Buffer.from(host.split('.').map(Number))) : tlv(0x82, Buffer.from(host, 'ascii'));
  const altNames = sequence(hostName, tlv(0x82, Buffer.from('localhost', 'ascii')));
  const extensions = explicit(
    3,
    sequence(
      sequence(oid('2.5.29.19'), boolTrue, octetString(sequence(boolTrue))),
      sequence(oid('2.5.29.17'), octetString(altNames)),
    ),
  );
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const tbs = sequence(explicit(0, integer(Buffer.from([2]))), integer(serial), ecdsaWithSha256, name, validity, name, spki, extensions);
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, ecdsaWithSha256, bitString(signature));
  const base64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${base64}${base64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
