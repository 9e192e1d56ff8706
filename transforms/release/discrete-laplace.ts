import { createHmac } from 'node:crypto';

/** Integer noise for one released statistic, named by a label unique to its cell and period. */
export type NoiseSource = (label: string, sensitivity: number, epsilon: number) => number;

/** A uniform draw in (0, 1] from 53 bits of `bytes` starting at `offset`. */
function uniform(bytes: Buffer, offset: number): number {
  const high = bytes.readUIntBE(offset, 3) & 0x1fffff;
  const low = bytes.readUIntBE(offset + 3, 4);
  return (high * 2 ** 32 + low + 1) / 2 ** 53;
}

/**
 * Discrete Laplace (two-sided geometric) noise: P(X = x) ∝ exp(−ε|x|/Δ) over the integers, drawn
 * as the difference of two geometric variables. Integer-valued output avoids the floating-point
 * Laplace attack (Mironov 2012). Each draw is keyed: a per-installation subkey of `secret`
 * (HMAC-SHA-256) seeds it from the label, so the same cell and period always get the same noise
 * and repeating a release or a query cannot average it away, while no one without the key can
 * predict or remove it.
 */
export function keyedDiscreteLaplace(secret: Uint8Array): NoiseSource {
  const key = createHmac('sha256', secret).update('attune release noise v1').digest();
  return (label, sensitivity, epsilon) => {
    if (!(sensitivity > 0 && epsilon > 0)) throw new RangeError('noise needs a positive sensitivity and ε');
    const bytes = createHmac('sha256', key).update(label).digest();
    const logAlpha = -epsilon / sensitivity;
    const geometric = (offset: number) => Math.floor(Math.log(uniform(bytes, offset)) / logAlpha);
    return geometric(0) - geometric(16);
  };
}
