import { describe, expect, it } from 'vitest';
import { PcapngParser } from '../../../../main/engine/io/pcapng';
import { Analyzer, MAX_LISTED_ANOMALIES } from '../../../../main/engine/model/analyzer';
import { PcapParser } from '../../../../main/engine/io/pcap';
import { buildPcap, ETHERTYPE, ethernet, IPPROTO, ipv4, ipv6, LINK, patternBytes, PcapngBuilder, sll2, TCP, tcp, udp } from '../../../fixtures/builders';

const v4 = { src: '192.0.2.1', dst: '192.0.2.2' };
const v6 = { src: '2001:db8::1', dst: '2001:db8::2' };
const syn = tcp({ srcPort: 40000, dstPort: 443, seq: 1, flags: TCP.SYN });

/** [interface, frame bytes, original length override] */
const FRAMES: Array<[number, Uint8Array, number?]> = [
  [0, ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ ...v4, protocol: IPPROTO.TCP, payload: syn }) })], // 1 tcp v4
  [0, ethernet({ etherType: ETHERTYPE.IPV6, payload: ipv6({ ...v6, nextHeader: IPPROTO.TCP, payload: syn }) })], // 2 tcp v6
  [0, ethernet({ etherType: ETHERTYPE.ARP, payload: patternBytes(28) })], // 3 non-IP
  [1, ipv4({ ...v4, protocol: IPPROTO.UDP, payload: udp(5353, 5353, patternBytes(20)) })], // 4 udp v4
  [1, ipv6({ ...v6, nextHeader: IPPROTO.UDP, payload: udp(53, 53, patternBytes(20)) })], // 5 udp v6
  [1, ipv4({ ...v4, protocol: IPPROTO.ICMP, payload: patternBytes(16) })], // 6 other transport
  [0, ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ ...v4, protocol: IPPROTO.TCP, moreFragments: true, payload: patternBytes(64) }) })], // 7 fragment
  [2, patternBytes(40)], // 8 unknown link type
  [0, patternBytes(10)], // 9 truncated Ethernet
  [1, ipv6({ ...v6, nextHeader: IPPROTO.ESP, payload: patternBytes(48) })], // 10 ESP
  [3, sll2({ protocol: ETHERTYPE.IPV4, payload: ipv4({ ...v4, protocol: IPPROTO.TCP, payload: tcp({ srcPort: 1, dstPort: 2, seq: 1, flags: TCP.ACK, dataOffset: 3 }) }) })], // 11 bad TCP header
  [1, Uint8Array.of(0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6), 1500], // 12 truncated IPv4 header (snap length)
];

describe('Analyzer statistics', () => {
  it('counts frames by link type, network, transport, and anomalies by code', () => {
    const b = new PcapngBuilder()
      .section()
      .interface({ linkType: LINK.ETHERNET })
      .interface({ linkType: LINK.RAW })
      .interface({ linkType: LINK.USER0 })
      .interface({ linkType: LINK.LINUX_SLL2 });
    FRAMES.forEach(([iface, data, orig], i) => b.epb({ interfaceId: iface, timestamp: BigInt(1_000_000 * (100 - i)), data, originalLength: orig }));
    const analyzer = new Analyzer();
    const parser = new PcapngParser(analyzer);
    parser.push(b.build());
    parser.end();
    analyzer.finish();
    const s = analyzer.stats;
    expect(s.frames).toBe(12);
    expect(s.capturedBytes).toBe(FRAMES.reduce((n, [, d]) => n + d.length, 0));
    expect(s.bytes).toBe(FRAMES.reduce((n, [, d, o]) => n + (o ?? d.length), 0));
    expect(s.firstTime).toBe(89);
    expect(s.lastTime).toBe(100);
    expect(s.linkTypes).toEqual({ ether: 5, rawip: 5, 'linktype-147': 1, 'linux-sll2': 1 });
    expect({ ipv4: s.ipv4, ipv6: s.ipv6, tcp: s.tcp, udp: s.udp, otherTransport: s.otherTransport, nonIp: s.nonIp, ipFragments: s.ipFragments }).toEqual({
      ipv4: 5, // 1, 4, 6, 7, 11
      ipv6: 2, // 2, 5 (the ESP packet 10 is an ip.esp anomaly, not counted)
      tcp: 3, // 1, 2, 11
      udp: 2,
      otherTransport: 1,
      nonIp: 3, // ARP, unknown link type, truncated Ethernet
      ipFragments: 1,
    });
    expect(s.anomalies).toEqual({
      // every frame after the first is stamped a second before the one before it
      'capture.time-backwards': 11,
      'ip.fragment': 1,
      'link.unknown-link-type': 1,
      'link.truncated': 1,
      'ip.esp': 1,
      'tcp.malformed': 1,
      'ip.truncated': 1,
    });
    const decoding = analyzer.anomalies.filter((a) => a.code !== 'capture.time-backwards');
    expect(decoding.map((a) => a.frame)).toEqual([7, 8, 9, 10, 11, 12]);
    expect(decoding.every((a, i) => a.fileOffset === b.packets[[6, 7, 8, 9, 10, 11][i]].dataOffset)).toBe(true);
    expect(analyzer.connections).toHaveLength(2);
    expect(analyzer.interfaces.map((i) => i.linkType)).toEqual([1, 101, 147, 276]);
  });
});

describe('Analyzer anomaly list', () => {
  it('past its cap it still lists the error saying why reading stopped', async () => {
    // 600 truncated Ethernet frames (a warning each), then a file cut inside its last record
    const records = Array.from({ length: 601 }, (_, i) => ({ seconds: 1_700_000_000 + i, fraction: 0, data: patternBytes(10) }));
    const whole = buildPcap({ linkType: LINK.ETHERNET, records }).bytes;
    const cut = whole.subarray(0, whole.length - 4);
    const analyzer = new Analyzer();
    const parser = new PcapParser(analyzer, 'cut.pcap');
    parser.push(cut);
    parser.end();
    expect(analyzer.stats.anomalies['link.truncated']).toBe(600);
    expect(analyzer.anomalies.length).toBe(MAX_LISTED_ANOMALIES + 1);
    const last = analyzer.anomalies[analyzer.anomalies.length - 1];
    expect(last).toMatchObject({ severity: 'error', code: 'pcap.truncated-record' });
    expect(last.message).toMatch(/cut\.pcap: file ends in the middle of a packet record at offset \d+/);
  });
});
