/**
 * GREASE (RFC 8701): reserved values 0x0a0a, 0x1a1a, ... 0xfafa that clients sprinkle into
 * cipher suites, extensions, groups, versions and signature algorithms so servers keep
 * tolerating unknown values. Fingerprints drop them; displays label them.
 */
export function isGrease(value: number): boolean {
  return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff);
}
