/**
 * The sample gallery's order: samples grouped the way a course meets them
 * (TCP and plain HTTP first, then TLS 1.2, certificates, TLS 1.3, resumption, TLS over UDP).
 * Samples are matched by file-name stem; a sample no group names still shows,
 * in a last group, so a new sample is never hidden.
 */
import type { SampleInfo } from '../api/types';
import type { MessageKey } from '../i18n/translate';

export interface GalleryGroupDef {
  id: string;
  title: MessageKey;
  /** sample file-name stems, in teaching order */
  stems: string[];
}

export const GALLERY_GROUPS: readonly GalleryGroupDef[] = [
  { id: 'basics', title: 'gallery.group.basics', stems: ['01-http-vs-https', '12-tcp-reset'] },
  { id: 'tls12', title: 'gallery.group.tls12', stems: ['02-tls12-rsa', '03-tls12-ecdhe'] },
  { id: 'certs', title: 'gallery.group.certs', stems: ['08-fail-unknown-ca', '10-wrong-host', '11-mutual-tls'] },
  { id: 'tls13', title: 'gallery.group.tls13', stems: ['04-tls13', '05-tls13-hello-retry', '09-fail-protocol-version'] },
  { id: 'resumption', title: 'gallery.group.resumption', stems: ['06-tls12-resume-ticket', '07-tls12-resume-session-id'] },
  { id: 'udp', title: 'gallery.group.udp', stems: ['13-quic-http3', '14-dtls12'] },
];

export interface GalleryGroup {
  id: string;
  title: MessageKey;
  samples: SampleInfo[];
}

const stem = (name: string) => name.replace(/\.(pcapng|pcap|cap)$/i, '');

export function groupSamples(samples: readonly SampleInfo[]): GalleryGroup[] {
  const placed = new Set<string>();
  const groups: GalleryGroup[] = [];
  for (const def of GALLERY_GROUPS) {
    const found = def.stems.map((s) => samples.find((x) => stem(x.name) === s)).filter((x): x is SampleInfo => x !== undefined);
    found.forEach((s) => placed.add(s.name));
    if (found.length) groups.push({ id: def.id, title: def.title, samples: found });
  }
  const rest = samples.filter((s) => !placed.has(s.name));
  if (rest.length) groups.push({ id: 'more', title: 'gallery.group.more', samples: rest });
  return groups;
}
